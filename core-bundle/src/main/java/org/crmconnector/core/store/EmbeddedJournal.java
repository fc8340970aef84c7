package org.crmconnector.core.store;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The one {@link Journal} of the embedded stores, shared by the interaction
 * registry's store and the outbox's: a request that ends an interaction
 * stores its log and its new state with one fsync, the log first. Both
 * reference this component, so DS stops them before the journal and starts
 * them after it.
 */
@Component(service = EmbeddedJournal.class, configurationPid = EmbeddedJournal.PID)
@Designate(ocd = EmbeddedJournalConfig.class)
public class EmbeddedJournal {

    public static final String PID = "org.crmconnector.journal";

    private final Journal journal;

    @Activate
    public EmbeddedJournal(EmbeddedJournalConfig config, BundleContext context) {
        journal = new Journal(DataFolders.resolve(config.data_folder(), context.getProperty(DataFolders.DATA_DIR_PROPERTY),
                "journal"), "journal");
        journal.start();
    }

    /** The started journal, for the stores to open on. */
    public Journal journal() {
        return journal;
    }

    @Deactivate
    void deactivate() {
        journal.close();
    }
}
