package org.crmconnector.core.outbox;

import org.crmconnector.core.store.DataFolders;
import org.crmconnector.store.InteractionStore;
import org.crmconnector.store.OutboxStore;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The embedded outbox store as a service, the default kind: opened in the
 * data folder of the outbox configuration when the outbox first needs it.
 * Like the outbox it has no modified method: an edit of that configuration
 * closes and reopens it (the outbox restarts on an edit anyway), so a moved
 * data folder applies at once.
 */
@Component(service = OutboxStore.class, configurationPid = Outbox.PID,
        property = InteractionStore.KIND_PROPERTY + "=embedded")
// describes the whole configuration PID, which the registry/outbox shares with a second one
@Designate(ocd = OutboxConfig.class)
public class EmbeddedOutboxStore extends MvStoreOutboxStore {

    @Activate
    public EmbeddedOutboxStore(OutboxConfig config, BundleContext context) {
        super(DataFolders.resolve(config.data_folder(), context.getProperty(DataFolders.DATA_DIR_PROPERTY), "outbox"));
    }

    @Deactivate
    void deactivate() {
        close();
    }
}
