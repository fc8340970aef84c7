package org.crmconnector.core.delivery;

import org.crmconnector.core.metrics.Metrics;
import org.crmconnector.core.outbox.Outbox;
import org.crmconnector.core.outbox.OutboxFullException;
import org.crmconnector.core.routing.AdapterRouter;
import org.crmconnector.core.tenant.LogStages;
import org.crmconnector.core.tenant.Tenant;
import org.crmconnector.crm.CrmConnector;
import org.crmconnector.crm.InteractionLog;
import org.crmconnector.crm.Trigger;
import org.crmconnector.crm.TriggerEvent;
import org.crmconnector.interaction.Interaction;
import org.crmconnector.store.OutboxItem;
import org.crmconnector.store.OutboxStoreException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns lifecycle moments into outbox items for the tenant's CRM. Logs and
 * dispositions are business records: storing them may fail the caller's
 * request (and so change nothing), never be skipped. Triggers are stored only
 * for adapters that act on them. Nothing of an interaction whose number the
 * tenant keeps out of the CRM is stored.
 */
@Component(service = InteractionDelivery.class)
public class InteractionDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(InteractionDelivery.class);

    private final Outbox outbox;
    private final AdapterRouter router;
    private final Metrics metrics;

    @Activate
    public InteractionDelivery(@Reference Outbox outbox, @Reference AdapterRouter router, @Reference Metrics metrics) {
        this.outbox = outbox;
        this.router = router;
        this.metrics = metrics;
    }

    /**
     * Stores the log durably; returns only once it is on disk, throws if it cannot be stored. An
     * interaction of an excluded number is counted instead, and nothing of it reaches the CRM.
     */
    public void log(Tenant tenant, Interaction finished) {
        if (tenant.excludedNumbers().excludes(finished)) {
            metrics.interactionExcluded(tenant.id());
            return;
        }
        InteractionLog log = new InteractionLog(finished, null);
        outbox.enqueue(tenant.id(), OutboxItem.Kind.LOG, log.key(), log);
        metrics.logStored(tenant.id());
    }

    /**
     * The interaction ended: stores the hang-up trigger, then the first log
     * when the tenant logs at the end and again at wrap-up and its adapter can
     * update a log, so a call never wrapped up is logged all the same. The
     * wrap-up's log then updates the same record, or, while this one still
     * waits (behind the trigger, never before it), takes its place: one CRM
     * write for a quick wrap-up. Called before the interaction is saved as
     * ended, so it is never ended without its log.
     */
    public void ended(Tenant tenant, Interaction ended) {
        if (tenant.excludedNumbers().excludes(ended)) {
            return;
        }
        trigger(tenant, Trigger.ENDED, ended);
        if (tenant.logStages() == LogStages.ENDED_AND_FINISHED && updatesLogs(tenant)) {
            InteractionLog log = new InteractionLog(ended, null);
            outbox.enqueue(tenant.id(), OutboxItem.Kind.LOG, log.key(), log);
            metrics.endedLogStored(tenant.id());
        }
    }

    // asked at each end: an adapter re-configured with or without an update request answers differently
    private boolean updatesLogs(Tenant tenant) {
        return router.connectorFor(tenant.adapterInstance()).map(connector -> {
            try {
                return connector.updatesLogs();
            } catch (RuntimeException | LinkageError e) {
                return true; // when in doubt, store: the wrap-up's log still follows
            }
        }).orElse(true);
    }

    /**
     * Stores a trigger when the tenant's adapter acts on triggers (or is not
     * bound now, so nobody knows yet). A trigger the outbox cannot take is
     * counted and logged, not allowed to fail the call it reports on.
     */
    private static boolean wantsTriggers(CrmConnector connector) {
        try {
            return connector.wantsTriggers();
        } catch (RuntimeException e) {
            return true; // when in doubt, store: a trigger too many costs less than one lost
        }
    }

    public void trigger(Tenant tenant, Trigger trigger, Interaction interaction) {
        if (tenant.excludedNumbers().excludes(interaction)) {
            return;
        }
        // asked at each step: an adapter re-configured with or without trigger requests answers differently
        boolean wanted = router.connectorFor(tenant.adapterInstance()).map(InteractionDelivery::wantsTriggers).orElse(true);
        if (!wanted) {
            return;
        }
        TriggerEvent event = new TriggerEvent(trigger, interaction);
        try {
            outbox.enqueue(tenant.id(), OutboxItem.Kind.TRIGGER, new InteractionLog(interaction, null).key(), event);
        } catch (OutboxFullException | OutboxStoreException e) {
            metrics.triggerDropped(tenant.id());
            LOG.warn("Tenant {}: {} trigger of {} not stored: {}", tenant.id(), trigger, interaction.interactionId,
                    e.getMessage());
        }
    }
}
