package org.crmconnector.store;

import java.time.Instant;

import org.crmconnector.crm.DispositionUpdate;
import org.crmconnector.crm.InteractionAddition;
import org.crmconnector.crm.InteractionLog;
import org.crmconnector.crm.TriggerEvent;

/**
 * One piece of work for a CRM, as the outbox stores it. A plain public-field
 * class so that it serialises as it is, both into the embedded store and to
 * the HTTP layer's dead-letter listing. The store hands out copies: changing
 * one never changes what is stored.
 */
public class OutboxItem {

    /** What the payload is and which {@code CrmConnector} method delivers it. */
    public enum Kind {
        /** An {@code InteractionLog}, delivered by {@code saveInteractionLogs}. */
        LOG(InteractionLog.class),
        /** A {@code DispositionUpdate}, delivered by {@code setDisposition}. */
        DISPOSITION(DispositionUpdate.class),
        /** A {@code TriggerEvent}, delivered by {@code onTrigger}. */
        TRIGGER(TriggerEvent.class),
        /** An {@code InteractionAddition}, delivered by {@code saveAddition} after its interaction's log. */
        ADDITION(InteractionAddition.class);

        private final Class<?> payloadType;

        Kind(Class<?> payloadType) {
            this.payloadType = payloadType;
        }

        /** The payload class {@code enqueue} takes for this kind. */
        public Class<?> payloadType() {
            return payloadType;
        }
    }

    /** Pending items are delivered; dead ones wait for an operator to retry or discard them. */
    public enum Status {
        PENDING,
        DEAD
    }

    /** Monotonic: within one ordering key a higher id was enqueued later. */
    public long id;
    public String tenantId;
    public Kind kind;
    /** The interaction key; items sharing it are delivered one at a time, in id order. */
    public String orderingKey;
    /** The payload as JSON, so that it reads back the same after a restart. */
    public String payload;
    public Status status = Status.PENDING;
    /** Delivery attempts made so far; waiting for an adapter is not an attempt. */
    public int attempts;
    public Instant nextAttemptAt;
    public Instant createdAt;
    /** The CRM's or adapter's message from the last failed attempt. */
    public String lastError;
    /** The node delivering this item now, or null. */
    public String leaseOwner;
    /** When the lease lapses and any node may claim the item again. */
    public Instant leaseExpiry;

    public OutboxItem() {
    }

    public OutboxItem(String tenantId, Kind kind, String orderingKey, String payload, Instant now) {
        this.tenantId = tenantId;
        this.kind = kind;
        this.orderingKey = orderingKey;
        this.payload = payload;
        this.createdAt = now;
        this.nextAttemptAt = now;
    }

    public OutboxItem copy() {
        OutboxItem c = new OutboxItem();
        c.id = id;
        c.tenantId = tenantId;
        c.kind = kind;
        c.orderingKey = orderingKey;
        c.payload = payload;
        c.status = status;
        c.attempts = attempts;
        c.nextAttemptAt = nextAttemptAt;
        c.createdAt = createdAt;
        c.lastError = lastError;
        c.leaseOwner = leaseOwner;
        c.leaseExpiry = leaseExpiry;
        return c;
    }

    /** Whether some node holds an unexpired lease on this item at {@code now}. */
    public boolean leaseHeldAt(Instant now) {
        return leaseOwner != null && leaseExpiry != null && leaseExpiry.isAfter(now);
    }

    @Override
    public String toString() {
        return "OutboxItem[" + id + " " + tenantId + " " + kind + " " + orderingKey + " " + status + " attempts="
                + attempts + "]";
    }
}
