package org.crmconnector.core.lifecycle;

import org.crmconnector.core.store.DataFolders;
import org.crmconnector.core.store.EmbeddedJournal;
import org.crmconnector.store.InteractionStore;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.Modified;

/**
 * The embedded interaction store as a service, the default kind: opened in
 * the data folder of the lifecycle configuration when the registry first
 * needs it (a delayed component). Disabled until the node's store selection
 * ({@link org.crmconnector.core.store.StoreSelection}) enables it, so a node
 * on another store never registers it, nor creates its file.
 */
@Component(service = InteractionStore.class, configurationPid = InteractionRegistry.PID, enabled = false,
        property = InteractionStore.KIND_PROPERTY + "=embedded")
public class EmbeddedInteractionStore extends MvStoreInteractionStore {

    @Activate
    public EmbeddedInteractionStore(InteractionRegistryConfig config, BundleContext context,
            @Reference(name = "journal") EmbeddedJournal journal) {
        super(DataFolders.resolve(config.data_folder(), context.getProperty(DataFolders.DATA_DIR_PROPERTY), "interactions"),
                journal.journal());
    }

    // the data folder is read once: moving the store of a running registry is a restart, not an edit
    @Modified
    void modified() {
        // the registry's other settings, which share this configuration, change in place
    }

    @Deactivate
    void deactivate() {
        close();
    }
}
