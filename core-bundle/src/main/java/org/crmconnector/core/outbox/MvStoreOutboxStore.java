package org.crmconnector.core.outbox;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.crmconnector.core.store.Journal;
import org.crmconnector.core.store.JournaledStore;
import org.crmconnector.crm.CrmRecordRef;
import org.crmconnector.store.OutboxItem;
import org.crmconnector.store.OutboxStore;
import org.crmconnector.store.OutboxStoreException;
import org.h2.mvstore.MVMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded outbox store, on H2's MVStore. Chosen because it is embedded
 * (no server to run), it comes in the H2 jar that is already an OSGi bundle
 * in our runtime, its maps are concurrent and versioned, and its append-only
 * file format survives a crash: after a kill the store reopens at the last
 * commit. The full H2 SQL engine would add nothing the outbox needs.
 * <p>
 * Items live in one map, id to JSON, whose status field says pending or
 * dead, so moving an item to the dead letters is a single write and cannot
 * half-happen. Payloads live in a second map, written once: claims, lease
 * renewals and retries rewrite only the small item record. A per-tenant
 * index of the records in memory, rebuilt on open, answers claims without
 * reading the file.
 * <p>
 * Every change goes through a {@link JournaledStore}: into the map in memory
 * and, as a small record, into a journal. Appends, merges and completions
 * wait for the group commit that fsyncs the journal for every change in
 * flight; other changes are on disk with the next group, and losing them in a
 * crash only means a redelivery. The maps reach the MVStore file at
 * checkpoints, so a commit no longer rewrites the B-tree pages it touched.
 */
public class MvStoreOutboxStore implements OutboxStore {

    private static final Logger LOG = LoggerFactory.getLogger(MvStoreOutboxStore.class);

    static final String FILE_NAME = "outbox.mv.db";
    private static final String NEXT_ID = "nextId";

    private static final long CHECKPOINT_MILLIS = 10_000;
    private static final long CHECKPOINT_BYTES = 64L * 1024 * 1024;

    private final JournaledStore store;
    // values as UTF-8 bytes, not Strings: each commit rewrites the touched pages, and MVStore writes a
    // String char by char while a byte[] is one copy (profiling showed that loop dominating the commits)
    private final MVMap<Long, byte[]> items;
    private final MVMap<Long, byte[]> payloads;
    private final MVMap<String, String> recordRefs;
    private final MVMap<String, Long> meta;
    private final Map<String, TenantItems> tenants = new ConcurrentHashMap<>();
    private final Object idLock = new Object();
    private long lastId;

    private final AtomicLong appends = new AtomicLong();
    private final AtomicLong merges = new AtomicLong();
    private volatile boolean closed;

    /** One tenant's items by id, without their payloads; guarded by itself. */
    private static final class TenantItems {
        final TreeMap<Long, OutboxItem> pending = new TreeMap<>();
        final TreeMap<Long, OutboxItem> dead = new TreeMap<>();
        /**
         * Pending items that may have reached the CRM: claimed by a node (its
         * call may be under way, or have timed out), or found at open (a node
         * may have sent them before a crash, and leases are not stored). They
         * are never superseded; handing an item back unsent clears it.
         */
        final Set<Long> mayHaveReached = new HashSet<>();
        /**
         * The newest pending item of each ordering key, so that superseding
         * looks one item up instead of scanning a backlog. Items of a key
         * leave in id order (only the first of a key is ever claimed), so the
         * newest leaves last; should that ever not hold, a merge is missed
         * and the newer log simply goes as an item of its own.
         */
        final Map<String, Long> newestPending = new HashMap<>();

        void addPending(OutboxItem item) {
            pending.put(item.id, item);
            newestPending.merge(item.orderingKey, item.id, Math::max);
        }

        OutboxItem removePending(long id) {
            OutboxItem item = pending.remove(id);
            if (item != null) {
                newestPending.remove(item.orderingKey, id);
                mayHaveReached.remove(id);
            }
            return item;
        }
    }

    /** A record reference with the time it was written, so old ones can be forgotten. */
    public static class StoredRecordRef {
        public StoredRecord record;
        public Instant savedAt;
    }

    /** Opens (or creates) the store in {@code folder} with a journal of its own there, replaying it. */
    public MvStoreOutboxStore(Path folder) {
        this(folder, null);
    }

    /** Opens (or creates) the store in {@code folder} on the shared, started {@code journal}, replaying it. */
    public MvStoreOutboxStore(Path folder, Journal journal) {
        this(folder, journal, CHECKPOINT_MILLIS, CHECKPOINT_BYTES);
    }

    /** As above, checkpointing every {@code checkpointMillis} or when the journal reaches {@code checkpointBytes}. */
    MvStoreOutboxStore(Path folder, Journal journal, long checkpointMillis, long checkpointBytes) {
        this.store = new JournaledStore(folder, FILE_NAME, "outbox", journal, checkpointMillis, checkpointBytes,
                OutboxStoreException::new);
        try {
            this.items = store.map("items", new MVMap.Builder<>());
            this.payloads = store.map("payloads", new MVMap.Builder<>());
            this.recordRefs = store.map("recordRefs", new MVMap.Builder<>());
            this.meta = store.map("meta", new MVMap.Builder<>());
            store.start();
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        Long storedLast = meta.get(NEXT_ID);
        Long lastKey = items.lastKey();
        this.lastId = Math.max(storedLast == null ? 0 : storedLast, lastKey == null ? 0 : lastKey);
        int count = 0;
        for (Map.Entry<Long, byte[]> e : items.entrySet()) {
            OutboxItem item;
            try {
                item = OutboxJson.read(utf8(e.getValue()), OutboxItem.class);
            } catch (IllegalArgumentException ex) {
                // left in the file untouched for an operator to inspect; it must not stop every other delivery
                LOG.error("Outbox item {} cannot be read and is skipped: {}", e.getKey(), ex.getMessage());
                continue;
            }
            TenantItems t = tenant(item.tenantId);
            if (item.status == OutboxItem.Status.DEAD) {
                t.dead.put(item.id, item);
            } else {
                t.addPending(item);
                t.mayHaveReached.add(item.id);
            }
            count++;
        }
        LOG.info("Outbox store opened at {}: {} items", folder, count);
    }

    private TenantItems tenant(String tenantId) {
        return tenants.computeIfAbsent(tenantId, k -> new TenantItems());
    }

    @Override
    public long append(OutboxItem draft) {
        if (draft.payload == null || draft.tenantId == null || draft.kind == null || draft.orderingKey == null) {
            throw new IllegalArgumentException("An outbox item needs a tenant, kind, ordering key and payload");
        }
        OutboxItem item = draft.copy();
        item.status = OutboxItem.Status.PENDING;
        item.payload = null;
        synchronized (idLock) {
            item.id = ++lastId;
            store.put(meta, NEXT_ID, lastId);
        }
        // the payload before the record: a record is never without its payload
        store.put(payloads, item.id, draft.payload.getBytes(StandardCharsets.UTF_8));
        TenantItems t = tenant(item.tenantId);
        synchronized (t) {
            t.addPending(item);
            write(item);
        }
        appends.incrementAndGet();
        store.await();
        return item.id;
    }

    @Override
    public OptionalLong supersede(String tenantId, OutboxItem.Kind kind, String orderingKey, String payload) {
        TenantItems t = tenants.get(tenantId);
        if (t == null) {
            return OptionalLong.empty();
        }
        long id;
        synchronized (t) {
            Long newestId = t.newestPending.get(orderingKey);
            OutboxItem newest = newestId == null ? null : t.pending.get(newestId);
            // only the last of its key, and only when it cannot have reached the CRM yet (never claimed, or
            // handed back unsent; no attempt made): otherwise the newer log must go as an update of the
            // record the earlier one may have written, not as a create in its place
            if (newest == null || newest.kind != kind || newest.attempts > 0 || t.mayHaveReached.contains(newest.id)) {
                return OptionalLong.empty();
            }
            id = newest.id;
            // under the tenant's lock, as claim reads payloads: a claim sees the old payload or the new one
            store.put(payloads, id, payload.getBytes(StandardCharsets.UTF_8));
        }
        merges.incrementAndGet();
        store.await();
        return OptionalLong.of(id);
    }

    @Override
    public List<OutboxItem> claim(String tenantId, int limit, String nodeId, Instant now, Instant leaseUntil) {
        TenantItems t = tenants.get(tenantId);
        if (t == null || limit <= 0) {
            return List.of();
        }
        List<OutboxItem> claimed = new ArrayList<>();
        synchronized (t) {
            Set<String> keysSeen = new HashSet<>();
            for (OutboxItem item : t.pending.values()) {
                if (claimed.size() >= limit) {
                    break;
                }
                // only the first pending item of a key may go: the rest wait for it to be delivered
                if (!keysSeen.add(item.orderingKey)) {
                    continue;
                }
                if (item.nextAttemptAt.isAfter(now) || item.leaseHeldAt(now)) {
                    continue;
                }
                // leases stay in memory: this store is one process's (MVStore holds the file lock), so a
                // crash voids every lease anyway; a shared store for several nodes writes them
                item.leaseOwner = nodeId;
                item.leaseExpiry = leaseUntil;
                t.mayHaveReached.add(item.id);
                claimed.add(withPayload(item));
            }
        }
        return claimed;
    }

    @Override
    public void renewLeases(String nodeId, Collection<OutboxItem> held, Instant leaseUntil) {
        forEachOwned(nodeId, held, item -> item.leaseExpiry = leaseUntil);
    }

    @Override
    public void release(String nodeId, Collection<OutboxItem> held) {
        // handed back unsent (the adapter went, the circuit is open): nothing of it reached the CRM
        forEachOwned(nodeId, held, item -> {
            clearLease(item);
            tenants.get(item.tenantId).mayHaveReached.remove(item.id);
        });
    }

    private void forEachOwned(String nodeId, Collection<OutboxItem> held, java.util.function.Consumer<OutboxItem> change) {
        for (OutboxItem h : held) {
            TenantItems t = tenants.get(h.tenantId);
            if (t == null) {
                continue;
            }
            synchronized (t) {
                OutboxItem item = t.pending.get(h.id);
                if (item != null && nodeId.equals(item.leaseOwner)) {
                    change.accept(item); // in memory only, as claim
                }
            }
        }
    }

    @Override
    public int releaseAll(String nodeId) {
        int released = 0;
        for (TenantItems t : tenants.values()) {
            synchronized (t) {
                for (OutboxItem item : t.pending.values()) {
                    if (nodeId.equals(item.leaseOwner)) {
                        clearLease(item);
                        write(item);
                        released++;
                    }
                }
            }
        }
        return released;
    }

    private static void clearLease(OutboxItem item) {
        item.leaseOwner = null;
        item.leaseExpiry = null;
    }

    @Override
    public void complete(OutboxItem done, CrmRecordRef record, Instant now) {
        TenantItems t = tenant(done.tenantId);
        synchronized (t) {
            // the reference first: a crash between the two writes redelivers onto the same record
            if (record != null) {
                StoredRecordRef ref = new StoredRecordRef();
                ref.record = StoredRecord.of(record);
                ref.savedAt = now;
                store.put(recordRefs, refKey(done.tenantId, done.orderingKey), OutboxJson.write(ref));
            }
            t.removePending(done.id);
            store.remove(items, done.id);
            store.remove(payloads, done.id);
        }
        // Durable before the worker moves on: a crash now must not send a delivered log again as a
        // new create (the group commit shares the fsync with every append and completion in flight).
        // A crash between the CRM's answer and this commit still redelivers; the key makes that an update.
        store.await();
    }

    @Override
    public void reschedule(OutboxItem failed, String error, Instant nextAttemptAt) {
        TenantItems t = tenant(failed.tenantId);
        synchronized (t) {
            OutboxItem item = t.pending.get(failed.id);
            if (item == null) {
                return;
            }
            item.attempts++;
            item.lastError = error;
            item.nextAttemptAt = nextAttemptAt;
            clearLease(item);
            write(item);
        }
    }

    @Override
    public void deadLetter(OutboxItem failed, String error) {
        TenantItems t = tenant(failed.tenantId);
        synchronized (t) {
            OutboxItem item = t.removePending(failed.id);
            if (item == null) {
                return;
            }
            item.attempts++;
            item.lastError = error;
            item.status = OutboxItem.Status.DEAD;
            clearLease(item);
            t.dead.put(item.id, item);
            write(item);
        }
    }

    @Override
    public List<OutboxItem> deadLetters(String tenantId) {
        TenantItems t = tenants.get(tenantId);
        if (t == null) {
            return List.of();
        }
        synchronized (t) {
            return t.dead.values().stream().map(this::withPayload).toList();
        }
    }

    @Override
    public boolean retryDeadLetter(String tenantId, long id, Instant now) {
        TenantItems t = tenants.get(tenantId);
        if (t == null) {
            return false;
        }
        synchronized (t) {
            OutboxItem item = t.dead.remove(id);
            if (item == null) {
                return false;
            }
            revive(t, item, now);
            return true;
        }
    }

    @Override
    public int retryAllDeadLetters(String tenantId, Instant now) {
        TenantItems t = tenants.get(tenantId);
        if (t == null) {
            return 0;
        }
        synchronized (t) {
            List<OutboxItem> dead = new ArrayList<>(t.dead.values());
            t.dead.clear();
            dead.forEach(item -> revive(t, item, now));
            return dead.size();
        }
    }

    private void revive(TenantItems t, OutboxItem item, Instant now) {
        item.status = OutboxItem.Status.PENDING;
        item.attempts = 0;
        item.nextAttemptAt = now;
        t.addPending(item);
        write(item);
    }

    @Override
    public boolean discardDeadLetter(String tenantId, long id) {
        TenantItems t = tenants.get(tenantId);
        if (t == null) {
            return false;
        }
        synchronized (t) {
            if (t.dead.remove(id) == null) {
                return false;
            }
            store.remove(items, id);
            store.remove(payloads, id);
            return true;
        }
    }

    @Override
    public Map<String, Backlog> backlog() {
        Map<String, Backlog> result = new LinkedHashMap<>();
        tenants.forEach((tenantId, t) -> {
            synchronized (t) {
                if (!t.pending.isEmpty() || !t.dead.isEmpty()) {
                    // ids grow with time, so the first pending item is the oldest
                    Instant oldest = t.pending.isEmpty() ? null : t.pending.firstEntry().getValue().createdAt;
                    result.put(tenantId, new Backlog(t.pending.size(), t.dead.size(), oldest));
                }
            }
        });
        return result;
    }

    @Override
    public Optional<CrmRecordRef> recordRef(String tenantId, String orderingKey) {
        return savedRecordRef(tenantId, orderingKey).map(SavedRecordRef::record);
    }

    @Override
    public Optional<SavedRecordRef> savedRecordRef(String tenantId, String key) {
        String json = recordRefs.get(refKey(tenantId, key));
        if (json == null) {
            return Optional.empty();
        }
        StoredRecordRef stored = OutboxJson.read(json, StoredRecordRef.class);
        return stored.record == null ? Optional.empty()
                : Optional.of(new SavedRecordRef(stored.record.toRecordRef(), stored.savedAt));
    }

    @Override
    public void saveRecordRef(String tenantId, String key, CrmRecordRef record, Instant now) {
        StoredRecordRef ref = new StoredRecordRef();
        ref.record = StoredRecord.of(record);
        ref.savedAt = now;
        store.putDurably(recordRefs, refKey(tenantId, key), OutboxJson.write(ref));
    }

    @Override
    public List<OutboxItem> items(String tenantId, String orderingKey, int limit) {
        TenantItems t = tenants.get(tenantId);
        if (t == null || limit <= 0) {
            return List.of();
        }
        synchronized (t) {
            // both maps are in id order: merged as they are read, not copied (a backlog can be large)
            Iterator<OutboxItem> pending = t.pending.values().iterator();
            Iterator<OutboxItem> dead = t.dead.values().iterator();
            OutboxItem p = nextOf(pending, orderingKey);
            OutboxItem d = nextOf(dead, orderingKey);
            List<OutboxItem> out = new ArrayList<>();
            while (out.size() < limit && (p != null || d != null)) {
                if (d == null || p != null && p.id < d.id) {
                    out.add(withPayload(p));
                    p = nextOf(pending, orderingKey);
                } else {
                    out.add(withPayload(d));
                    d = nextOf(dead, orderingKey);
                }
            }
            return out;
        }
    }

    /** The next item of the key (any key for null), or null. */
    private static OutboxItem nextOf(Iterator<OutboxItem> items, String orderingKey) {
        while (items.hasNext()) {
            OutboxItem i = items.next();
            if (orderingKey == null || orderingKey.equals(i.orderingKey)) {
                return i;
            }
        }
        return null;
    }

    @Override
    public int forgetRecordRefs(Instant before) {
        int forgotten = 0;
        for (Map.Entry<String, String> e : recordRefs.entrySet()) {
            StoredRecordRef ref = OutboxJson.read(e.getValue(), StoredRecordRef.class);
            if (ref.savedAt == null || ref.savedAt.isBefore(before)) {
                store.remove(recordRefs, e.getKey());
                forgotten++;
            }
        }
        return forgotten;
    }

    private void write(OutboxItem item) {
        store.put(items, item.id, OutboxJson.write(item).getBytes(StandardCharsets.UTF_8));
    }

    private OutboxItem withPayload(OutboxItem item) {
        OutboxItem copy = item.copy();
        copy.payload = utf8(payloads.get(item.id));
        return copy;
    }

    /** Tenant ids cannot hold a newline, so this key cannot be forged by another tenant's interaction key. */
    private static String refKey(String tenantId, String orderingKey) {
        return tenantId + "\n" + orderingKey;
    }

    @Override
    public Map<String, Long> metrics() {
        return Map.of("store.commits", store.commitCount(), "store.appends", appends.get(), "store.merges",
                merges.get(), "store.checkpoints", store.checkpointCount());
    }

    /** How many group commits ran; fewer than appends when callers shared them. */
    public long commitCount() {
        return store.commitCount();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        store.close();
        LOG.info("Outbox store closed");
    }

    private static String utf8(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
