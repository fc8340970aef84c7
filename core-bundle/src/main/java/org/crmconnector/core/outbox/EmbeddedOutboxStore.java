package org.crmconnector.core.outbox;

import org.crmconnector.core.store.DataFolders;
import org.crmconnector.core.store.EmbeddedJournal;
import org.crmconnector.store.InteractionStore;
import org.crmconnector.store.OutboxStore;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The embedded outbox store as a service, the default kind: opened in the
 * data folder of the outbox configuration when the outbox first needs it.
 * Disabled until the node's store selection
 * ({@link org.crmconnector.core.store.StoreSelection}) enables it, so a node
 * on another store never registers it, nor creates its file.
 * Like the outbox it has no modified method: an edit of that configuration
 * closes and reopens it (the outbox restarts on an edit anyway), so a moved
 * data folder applies at once.
 */
@Component(service = OutboxStore.class, configurationPid = Outbox.PID, enabled = false,
        property = InteractionStore.KIND_PROPERTY + "=embedded")
public class EmbeddedOutboxStore extends MvStoreOutboxStore {

    @Activate
    public EmbeddedOutboxStore(OutboxConfig config, BundleContext context,
            @Reference(name = "journal") EmbeddedJournal journal) {
        super(DataFolders.resolve(config.data_folder(), context.getProperty(DataFolders.DATA_DIR_PROPERTY), "outbox"),
                journal.journal());
    }

    @Deactivate
    void deactivate() {
        close();
    }
}
