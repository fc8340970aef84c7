package org.crmconnector.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import org.crmconnector.crm.CrmRecordRef;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Durable storage of outbox items. Shaped so that a shared SQL database can
 * implement it for several nodes: work is taken with {@link #claim} under a
 * lease that lapses by itself when a node dies, and claiming honours the
 * per-key order, so the store alone decides who may deliver what.
 * <p>
 * Only {@link #append} must be durable when it returns: it is the moment the
 * caller is told "safely stored". Losing any later state change in a crash
 * at worst delivers an item again, which adapters absorb by key.
 * <p>
 * Registered as a service with a {@code store.kind} property
 * ({@link InteractionStore#KIND_PROPERTY}); the outbox uses the kind the
 * node's configuration selects.
 */
@ProviderType
public interface OutboxStore extends AutoCloseable {

    /** A tenant's backlog: items not yet delivered (in flight included), dead letters, the oldest waiting item. */
    record Backlog(int pending, int dead, Instant oldestPendingCreatedAt) {
    }

    /** A remembered CRM record and when it was saved. */
    record SavedRecordRef(CrmRecordRef record, Instant savedAt) {
    }

    /**
     * Stores a new item and assigns its id; returns once the item is on disk.
     *
     * @throws OutboxStoreException when the item could not be stored durably
     */
    long append(OutboxItem item);

    /**
     * Puts {@code payload} in place of the payload of the tenant's last
     * pending item of {@code orderingKey}, when that item is of {@code kind}
     * and cannot have reached the CRM (no node ever claimed it, or it was
     * handed back unsent; no attempt was counted; not pending from before a
     * restart of the store); returns its
     * id once that is on disk, or empty (nothing changed) when there is no
     * such item. A newer log of an interaction whose first log is still
     * waiting so costs the CRM one write, not two.
     *
     * @throws OutboxStoreException when the change could not be stored durably
     */
    OptionalLong supersede(String tenantId, OutboxItem.Kind kind, String orderingKey, String payload);

    /**
     * Leases up to {@code limit} of the tenant's pending items that are due at
     * {@code now}, in id order, to {@code nodeId} until {@code leaseUntil}. An
     * item is claimable when its lease is absent or expired and no earlier
     * pending item has the same ordering key.
     */
    List<OutboxItem> claim(String tenantId, int limit, String nodeId, Instant now, Instant leaseUntil);

    /** Extends the leases {@code nodeId} still holds on these items. */
    void renewLeases(String nodeId, Collection<OutboxItem> items, Instant leaseUntil);

    /** Hands items back undelivered, without counting an attempt. */
    void release(String nodeId, Collection<OutboxItem> items);

    /** Hands back every lease of {@code nodeId}; returns how many. */
    int releaseAll(String nodeId);

    /** The item was delivered: forget it, and remember the record written for its key when there is one. */
    void complete(OutboxItem item, CrmRecordRef record, Instant now);

    /** The attempt failed; count it and try again at {@code nextAttemptAt}. */
    void reschedule(OutboxItem item, String error, Instant nextAttemptAt);

    /** The attempt failed for good; count it and keep the item as a dead letter with the error. */
    void deadLetter(OutboxItem item, String error);

    List<OutboxItem> deadLetters(String tenantId);

    /** Makes a dead letter of this tenant pending again with fresh attempts; false when the tenant has no such dead letter. */
    boolean retryDeadLetter(String tenantId, long id, Instant now);

    /** Deletes a dead letter of this tenant; false when the tenant has no such dead letter. */
    boolean discardDeadLetter(String tenantId, long id);

    /** Makes all of the tenant's dead letters pending again; returns how many. */
    int retryAllDeadLetters(String tenantId, Instant now);

    /** Per tenant with any item, pending or dead. */
    Map<String, Backlog> backlog();

    /** The CRM record an earlier delivery wrote for this key, so later deliveries update it. */
    Optional<CrmRecordRef> recordRef(String tenantId, String orderingKey);

    /**
     * The reference saved for this key, with the time it was saved (by {@link #complete} or
     * {@link #saveRecordRef}); empty once forgotten.
     *
     * @since 1.1
     */
    Optional<SavedRecordRef> savedRecordRef(String tenantId, String key);

    /**
     * Remembers {@code record} under {@code key} (in place of any reference of that key) until
     * {@link #forgetRecordRefs} forgets it; durable when it returns. For facts the engine keeps
     * about delivered work beyond the item itself, such as which additions reached the CRM.
     *
     * @since 1.1
     */
    void saveRecordRef(String tenantId, String key, CrmRecordRef record, Instant now);

    /**
     * Up to {@code limit} of the tenant's items, pending and dead, in id order; only those of
     * {@code orderingKey} unless it is null. With their payloads.
     *
     * @since 1.1
     */
    List<OutboxItem> items(String tenantId, String orderingKey, int limit);

    /** Forgets record references written before {@code before}; returns how many. */
    int forgetRecordRefs(Instant before);

    /** Counters of the store itself (commits and the like), for the console. */
    Map<String, Long> metrics();

    /** Releases the store's resources; only its owner (the component that registered it) calls it. */
    @Override
    void close();
}
