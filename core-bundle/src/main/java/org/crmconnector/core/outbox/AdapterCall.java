package org.crmconnector.core.outbox;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.crmconnector.crm.CrmConnector;
import org.crmconnector.crm.DeliveryResult;
import org.crmconnector.crm.DispositionUpdate;
import org.crmconnector.crm.InteractionAddition;
import org.crmconnector.crm.InteractionLog;
import org.crmconnector.crm.TriggerEvent;
import org.crmconnector.store.OutboxItem;
import org.crmconnector.store.OutboxStore;

/**
 * Makes one adapter call for a {@link Delivery} and answers one result per
 * item. Everything an adapter can do wrong becomes a result: a thrown
 * exception or a short answer is a RETRY (the adapter may be mid-swap), a
 * payload that no longer reads is a CANCEL (no retry can fix it).
 */
final class AdapterCall {

    /** Far more than one interaction ever has waiting: its logs, triggers and additions. */
    static final int MAX_ITEMS_OF_KEY = 1000;

    private AdapterCall() {
    }

    /**
     * One call's answers, one per item, and the payloads as the adapter got
     * them (null for an item whose payload did not read), so nobody decodes
     * them again to say what was delivered.
     */
    record Answers(List<DeliveryResult> results, List<Object> payloads) {
    }

    static Answers invoke(CrmConnector connector, Delivery delivery, OutboxStore store, RecentLogs recentLogs) {
        List<OutboxItem> items = delivery.items();
        List<DeliveryResult> results = new ArrayList<>(Collections.nCopies(items.size(), (DeliveryResult) null));
        List<Object> payloads = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            try {
                payloads.add(decode(items.get(i), store, recentLogs));
            } catch (IllegalArgumentException e) {
                payloads.add(null);
                results.set(i, DeliveryResult.cancel("Stored payload cannot be read: " + e.getMessage()));
                continue;
            }
            if (items.get(i).kind == OutboxItem.Kind.ADDITION && logIsDead(items.get(i), store)) {
                // the log's record does not exist yet; sending now would add to nothing
                results.set(i, DeliveryResult.retry("Waiting for the interaction's log, a dead letter: retry it first"));
            }
        }
        List<Integer> toSend = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (results.get(i) == null) {
                toSend.add(i);
            }
        }
        if (toSend.isEmpty()) {
            return new Answers(results, payloads);
        }
        try {
            List<DeliveryResult> answered = call(connector, delivery.kind(), toSend.stream().map(payloads::get).toList());
            if (answered == null || answered.size() != toSend.size()) {
                fill(results, toSend, DeliveryResult.retry("Adapter answered " + (answered == null ? "nothing" :
                        answered.size() + " results") + " for " + toSend.size() + " items"));
                return new Answers(results, payloads);
            }
            for (int j = 0; j < toSend.size(); j++) {
                DeliveryResult r = answered.get(j);
                results.set(toSend.get(j), r != null ? r : DeliveryResult.retry("Adapter gave no result"));
            }
        } catch (RuntimeException | LinkageError e) {
            // LinkageError: the adapter bundle went away mid-call
            fill(results, toSend, DeliveryResult.retry("Adapter failed: " + e));
        }
        return new Answers(results, payloads);
    }

    private static void fill(List<DeliveryResult> results, List<Integer> indexes, DeliveryResult result) {
        indexes.forEach(i -> results.set(i, result));
    }

    private static List<DeliveryResult> call(CrmConnector connector, OutboxItem.Kind kind, List<Object> payloads) {
        switch (kind) {
            case LOG:
                return connector.saveInteractionLogs(payloads.stream().map(InteractionLog.class::cast).toList());
            case DISPOSITION:
                return Collections.singletonList(connector.setDisposition((DispositionUpdate) payloads.get(0)));
            case ADDITION:
                return Collections.singletonList(connector.saveAddition((InteractionAddition) payloads.get(0)));
            default:
                return Collections.singletonList(connector.onTrigger((TriggerEvent) payloads.get(0)));
        }
    }

    /** The payload as the adapter gets it, pointing at the record an earlier delivery of the key wrote. */
    private static Object decode(OutboxItem item, OutboxStore store, RecentLogs recentLogs) {
        switch (item.kind) {
            case LOG: {
                InteractionLog log = recentLogs.take(item).toLog();
                requireInteraction(log.interaction);
                store.recordRef(item.tenantId, item.orderingKey).ifPresent(r -> log.existingRecord = r);
                return log;
            }
            case DISPOSITION: {
                DispositionUpdate update = StoredPayload.readDisposition(item.payload);
                requireInteraction(update.interaction);
                store.recordRef(item.tenantId, item.orderingKey).ifPresent(r -> update.record = r);
                return update;
            }
            case ADDITION: {
                InteractionAddition addition = StoredPayload.readAddition(item.payload);
                store.recordRef(item.tenantId, item.orderingKey).ifPresent(r -> addition.record = r);
                return addition;
            }
            case TRIGGER: {
                TriggerEvent event = StoredPayload.readTrigger(item.payload);
                requireInteraction(event.interaction);
                return event;
            }
            default:
                throw new IllegalArgumentException("unknown kind " + item.kind);
        }
    }

    /** An addition waits behind its log: a pending log holds its key anyway, a dead one must hold it too. */
    private static boolean logIsDead(OutboxItem addition, OutboxStore store) {
        return store.items(addition.tenantId, addition.orderingKey, MAX_ITEMS_OF_KEY).stream()
                .anyMatch(i -> i.kind == OutboxItem.Kind.LOG && i.status == OutboxItem.Status.DEAD && i.id < addition.id);
    }

    private static void requireInteraction(Object interaction) {
        if (interaction == null) {
            throw new IllegalArgumentException("no interaction");
        }
    }
}
