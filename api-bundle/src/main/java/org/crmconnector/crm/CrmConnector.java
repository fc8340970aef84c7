package org.crmconnector.crm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.crmconnector.interaction.CrmObject;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One configured connection to a CRM, registered as an OSGi service by an
 * adapter bundle. Register it with the service properties {@link #CRM_TYPE}
 * and {@link #CRM_INSTANCE}; tenants name the instance they use.
 * <p>
 * Calls may arrive on any thread and concurrently. Delivery methods never
 * throw for CRM trouble: they answer with a {@link DeliveryResult} so the
 * engine knows whether to retry. They must be idempotent by
 * {@link InteractionLog#key()}: the engine delivers at least once.
 */
@ConsumerType
public interface CrmConnector {

    /** Service property: the CRM product, e.g. {@code salesforce}, {@code generic-rest}. */
    String CRM_TYPE = "crm.type";

    /** Service property: the adapter instance's name, unique in the server; tenants refer to it. */
    String CRM_INSTANCE = "crm.instance";

    /**
     * Finds the caller and says what to pop. Called on the agent's critical
     * path, so implementations should answer within their configured timeout.
     *
     * @throws CrmException when the CRM cannot be asked now
     */
    ScreenPopResult screenPop(ScreenPopRequest request) throws CrmException;

    /**
     * Writes (or rewrites) the activity record of a finished interaction.
     * When {@link InteractionLog#existingRecord} is set, the adapter updates
     * that record; otherwise it creates one keyed by {@link InteractionLog#key()}
     * so that a second delivery changes the same record.
     */
    DeliveryResult saveInteractionLog(InteractionLog log);

    /**
     * Delivers several logs at once. Adapters whose CRM has a bulk API
     * override this; the default sends them one by one. The answer has one
     * result per log, in order.
     */
    default List<DeliveryResult> saveInteractionLogs(List<InteractionLog> logs) {
        List<DeliveryResult> results = new ArrayList<>(logs.size());
        for (InteractionLog log : logs) {
            results.add(saveInteractionLog(log));
        }
        return results;
    }

    /** Records the chosen disposition on the interaction's activity record. */
    DeliveryResult setDisposition(DispositionUpdate update);

    /**
     * Tells the adapter that a lifecycle trigger fired (ringing, accepted,
     * ended, finished), for CRMs that want a web request on such moments.
     * Adapters with nothing to do answer {@link DeliveryResult#ok()}.
     */
    default DeliveryResult onTrigger(TriggerEvent event) {
        return DeliveryResult.ok();
    }

    /**
     * Whether this instance, as configured now, acts on triggers. The engine
     * stores triggers durably only for adapters that answer true, so adapters
     * without trigger work cost nothing per lifecycle step. Must answer at once.
     */
    default boolean wantsTriggers() {
        return false;
    }

    /**
     * Whether this instance, as configured now, can update a log record it
     * wrote before ({@link InteractionLog#existingRecord}). The engine asks
     * when an interaction ends: an adapter that can writes the log then and
     * updates it at wrap-up, so a call never wrapped up is logged all the
     * same; one that cannot gets a single log at wrap-up. Must answer at once.
     *
     * @since 1.1
     */
    default boolean updatesLogs() {
        return true;
    }

    /**
     * Adds a recording link, transcript or summary to the record a finished
     * interaction's log wrote ({@link InteractionAddition#record}). Must be
     * idempotent by {@link InteractionAddition#key()}. The default answers
     * CANCEL: an adapter that does not override it takes no additions, and
     * the engine shows them as refused rather than retrying forever.
     *
     * @since 1.1
     */
    default DeliveryResult saveAddition(InteractionAddition addition) {
        return DeliveryResult.cancel("This adapter does not take additions");
    }

    /** Free search in the CRM, for the agent's manual lookups. */
    List<CrmObject> search(SearchRequest request) throws CrmException;

    /** The disposition codes this CRM offers; empty when the tenant's own list applies. */
    List<Disposition> dispositions() throws CrmException;

    /**
     * What an operator should know about this instance now, shown in the Web
     * Console (for example the CRM's API usage against its allocation). Plain
     * values only, never secrets. Must answer at once, without calling the CRM.
     */
    default Map<String, Object> status() {
        return Map.of();
    }
}
