package org.crmconnector.core.lifecycle;

import org.crmconnector.core.store.DataFolders;
import org.crmconnector.store.InteractionStore;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.component.annotations.Modified;

/**
 * The embedded interaction store as a service, the default kind: opened in
 * the data folder of the lifecycle configuration when the registry first
 * needs it (a delayed component), so a node on another store never creates
 * its file.
 */
@Component(service = InteractionStore.class, configurationPid = InteractionRegistry.PID,
        property = InteractionStore.KIND_PROPERTY + "=embedded")
// describes the whole configuration PID, which the registry/outbox shares with a second one
@Designate(ocd = InteractionRegistryConfig.class)
public class EmbeddedInteractionStore extends MvStoreInteractionStore {

    @Activate
    public EmbeddedInteractionStore(InteractionRegistryConfig config, BundleContext context) {
        super(DataFolders.resolve(config.data_folder(), context.getProperty(DataFolders.DATA_DIR_PROPERTY), "interactions"));
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
