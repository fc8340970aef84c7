package org.crmconnector.store.postgresql.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.crmconnector.crm.CrmRecordRef;
import org.crmconnector.store.InteractionStore;
import org.crmconnector.store.OutboxItem;
import org.crmconnector.store.OutboxStore;
import org.crmconnector.store.OutboxStoreException;
import org.crmconnector.store.postgresql.datasource.PostgresDatabase;
import org.crmconnector.store.postgresql.datasource.Transactions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Outbox items in table {@code crm_outbox_items}, shared by every node.
 * <p>
 * A claim is one statement, so one transaction: {@code SELECT ... FOR UPDATE SKIP LOCKED}
 * picks due items whose lease is absent or lapsed and that have no earlier
 * pending item of their key, and the same statement writes this node's lease
 * on them. Nodes claiming at once skip each other's rows instead of waiting,
 * and no row is claimed twice: under autocommit with a separate update the
 * lock would be gone before the lease is written. A dead node's leases lapse
 * by themselves ({@code lease_expiry}), and its items are claimed again by
 * the others; renewals and hand-backs only touch leases the node still holds.
 */
@Component(service = OutboxStore.class, property = InteractionStore.KIND_PROPERTY + "=postgresql")
public class PostgresOutboxStore implements OutboxStore {

    private static final String ITEM_COLUMNS = "id, tenant_id, kind, ordering_key, payload, status, attempts,"
            + " next_attempt_at, created_at, last_error, lease_owner, lease_expiry";
    private static final String PENDING = OutboxItem.Status.PENDING.name();
    private static final String DEAD = OutboxItem.Status.DEAD.name();

    private final DataSource pool;
    private final AtomicLong appends = new AtomicLong();
    private final AtomicLong merges = new AtomicLong();
    private final AtomicLong claims = new AtomicLong();

    @Activate
    public PostgresOutboxStore(@Reference PostgresDatabase database) {
        this(database.pool("outbox"));
    }

    public PostgresOutboxStore(DataSource pool) {
        this.pool = pool;
    }

    @Override
    public long append(OutboxItem item) {
        if (item.payload == null || item.tenantId == null || item.kind == null || item.orderingKey == null) {
            throw new IllegalArgumentException("An outbox item needs a tenant, kind, ordering key and payload");
        }
        try {
            long id = Sql.once(pool, c -> {
                try (PreparedStatement p = Sql.prepare(c, "INSERT INTO crm_outbox_items (tenant_id, kind, ordering_key,"
                        + " payload, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id", item.tenantId,
                        item.kind.name(), item.orderingKey, item.payload, item.nextAttemptAt, item.createdAt);
                        ResultSet r = p.executeQuery()) {
                    r.next();
                    return r.getLong(1);
                }
            });
            appends.incrementAndGet();
            return id;
        } catch (SQLException e) {
            throw failure("store an outbox item", e);
        }
    }

    @Override
    public OptionalLong supersede(String tenantId, OutboxItem.Kind kind, String orderingKey, String payload) {
        try {
            // the conditions are checked again on the row after any claim that held it commits, so a claim
            // and a merge of the same item never both win
            OptionalLong merged = Sql.once(pool, c -> {
                try (PreparedStatement p = Sql.prepare(c, "UPDATE crm_outbox_items SET payload = ? WHERE id = ("
                        + "SELECT max(id) FROM crm_outbox_items WHERE tenant_id = ? AND ordering_key = ? AND status = ?)"
                        + " AND kind = ? AND status = ? AND attempts = 0 AND NOT may_have_reached RETURNING id", payload,
                        tenantId, orderingKey, PENDING, kind.name(), PENDING); ResultSet r = p.executeQuery()) {
                    return r.next() ? OptionalLong.of(r.getLong(1)) : OptionalLong.empty();
                }
            });
            if (merged.isPresent()) {
                merges.incrementAndGet();
            }
            return merged;
        } catch (SQLException e) {
            throw failure("merge an outbox item", e);
        }
    }

    @Override
    public List<OutboxItem> claim(String tenantId, int limit, String nodeId, Instant now, Instant leaseUntil) {
        if (limit <= 0) {
            return List.of();
        }
        try {
            // one statement, so one transaction under autocommit: the rows stay locked until their lease is written
            List<OutboxItem> claimed = Sql.once(pool, c -> {
                try (PreparedStatement p = Sql.prepare(c, "WITH due AS (SELECT o.id FROM crm_outbox_items o"
                        + " WHERE o.tenant_id = ? AND o.status = ? AND o.next_attempt_at <= ?"
                        + " AND (o.lease_expiry IS NULL OR o.lease_expiry <= ?)"
                        // per-key order: only the first pending item of a key may go
                        + " AND NOT EXISTS (SELECT 1 FROM crm_outbox_items e WHERE e.tenant_id = o.tenant_id"
                        + " AND e.ordering_key = o.ordering_key AND e.status = ? AND e.id < o.id)"
                        + " ORDER BY o.id LIMIT ? FOR UPDATE SKIP LOCKED)"
                        + " UPDATE crm_outbox_items i SET lease_owner = ?, lease_expiry = ?, may_have_reached = true"
                        + " FROM due WHERE i.id = due.id RETURNING " + prefixed("i."), tenantId, PENDING, now, now,
                        PENDING, limit, nodeId, leaseUntil); ResultSet r = p.executeQuery()) {
                    List<OutboxItem> out = new ArrayList<>();
                    while (r.next()) {
                        out.add(item(r));
                    }
                    return out;
                }
            });
            claimed.sort(Comparator.comparingLong(i -> i.id));
            claims.addAndGet(claimed.size());
            return claimed;
        } catch (SQLException e) {
            throw failure("claim outbox items", e);
        }
    }

    @Override
    public void renewLeases(String nodeId, Collection<OutboxItem> items, Instant leaseUntil) {
        if (items.isEmpty()) {
            return;
        }
        run("renew leases", "UPDATE crm_outbox_items SET lease_expiry = ? WHERE id = ANY (?) AND lease_owner = ?"
                + " AND status = ?", leaseUntil, ids(items), nodeId, PENDING);
    }

    @Override
    public void release(String nodeId, Collection<OutboxItem> items) {
        if (items.isEmpty()) {
            return;
        }
        // handed back unsent (the adapter went, the circuit is open): nothing of it reached the CRM
        run("hand leases back", "UPDATE crm_outbox_items SET lease_owner = NULL, lease_expiry = NULL,"
                + " may_have_reached = false WHERE id = ANY (?) AND lease_owner = ?", ids(items), nodeId);
    }

    @Override
    public int releaseAll(String nodeId) {
        // may_have_reached stays: the node may have sent them before it stopped
        return run("hand all leases back", "UPDATE crm_outbox_items SET lease_owner = NULL, lease_expiry = NULL"
                + " WHERE lease_owner = ?", nodeId);
    }

    @Override
    public void complete(OutboxItem item, CrmRecordRef record, Instant now) {
        try {
            Transactions.Work<Integer> delete = c -> Sql.update(c, "DELETE FROM crm_outbox_items WHERE id = ? AND status = ?",
                    item.id, PENDING);
            if (record == null) {
                Sql.once(pool, delete);
            } else {
                Sql.inTransaction(pool, c -> {
                    upsertRef(c, item.tenantId, item.orderingKey, record, now);
                    return delete.run(c);
                });
            }
        } catch (SQLException e) {
            throw failure("complete outbox item " + item.id, e);
        }
    }

    @Override
    public void reschedule(OutboxItem item, String error, Instant nextAttemptAt) {
        run("reschedule outbox item " + item.id, "UPDATE crm_outbox_items SET attempts = attempts + 1, last_error = ?,"
                + " next_attempt_at = ?, lease_owner = NULL, lease_expiry = NULL WHERE id = ? AND status = ?", error,
                nextAttemptAt, item.id, PENDING);
    }

    @Override
    public void deadLetter(OutboxItem item, String error) {
        run("dead-letter outbox item " + item.id, "UPDATE crm_outbox_items SET attempts = attempts + 1, last_error = ?,"
                + " status = ?, lease_owner = NULL, lease_expiry = NULL WHERE id = ? AND status = ?", error, DEAD, item.id,
                PENDING);
    }

    @Override
    public List<OutboxItem> deadLetters(String tenantId) {
        return list("list dead letters", "SELECT " + ITEM_COLUMNS + " FROM crm_outbox_items"
                + " WHERE tenant_id = ? AND status = ? ORDER BY id", tenantId, DEAD);
    }

    @Override
    public List<OutboxItem> items(String tenantId, String orderingKey, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return orderingKey == null
                ? list("list outbox items", "SELECT " + ITEM_COLUMNS + " FROM crm_outbox_items WHERE tenant_id = ?"
                        + " ORDER BY id LIMIT ?", tenantId, limit)
                : list("list outbox items", "SELECT " + ITEM_COLUMNS + " FROM crm_outbox_items WHERE tenant_id = ?"
                        + " AND ordering_key = ? ORDER BY id LIMIT ?", tenantId, orderingKey, limit);
    }

    private List<OutboxItem> list(String what, String sql, Object... params) {
        try {
            return Sql.once(pool, c -> {
                try (PreparedStatement p = Sql.prepare(c, sql, params); ResultSet r = p.executeQuery()) {
                    List<OutboxItem> out = new ArrayList<>();
                    while (r.next()) {
                        out.add(item(r));
                    }
                    return out;
                }
            });
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    @Override
    public boolean retryDeadLetter(String tenantId, long id, Instant now) {
        return run("retry dead letter " + id, "UPDATE crm_outbox_items SET status = ?, attempts = 0, next_attempt_at = ?"
                + " WHERE tenant_id = ? AND id = ? AND status = ?", PENDING, now, tenantId, id, DEAD) > 0;
    }

    @Override
    public boolean discardDeadLetter(String tenantId, long id) {
        return run("discard dead letter " + id, "DELETE FROM crm_outbox_items WHERE tenant_id = ? AND id = ? AND status = ?",
                tenantId, id, DEAD) > 0;
    }

    @Override
    public int retryAllDeadLetters(String tenantId, Instant now) {
        return run("retry dead letters", "UPDATE crm_outbox_items SET status = ?, attempts = 0, next_attempt_at = ?"
                + " WHERE tenant_id = ? AND status = ?", PENDING, now, tenantId, DEAD);
    }

    @Override
    public Map<String, Backlog> backlog() {
        try {
            return Sql.once(pool, c -> {
                try (PreparedStatement p = Sql.prepare(c, "SELECT tenant_id, count(*) FILTER (WHERE status = ?) AS pending,"
                        + " count(*) FILTER (WHERE status = ?) AS dead, min(created_at) FILTER (WHERE status = ?) AS oldest"
                        + " FROM crm_outbox_items GROUP BY tenant_id ORDER BY tenant_id", PENDING, DEAD, PENDING);
                        ResultSet r = p.executeQuery()) {
                    Map<String, Backlog> out = new LinkedHashMap<>();
                    while (r.next()) {
                        out.put(r.getString("tenant_id"),
                                new Backlog(r.getInt("pending"), r.getInt("dead"), Sql.instant(r, "oldest")));
                    }
                    return out;
                }
            });
        } catch (SQLException e) {
            throw failure("count the backlog", e);
        }
    }

    @Override
    public Optional<CrmRecordRef> recordRef(String tenantId, String orderingKey) {
        return savedRecordRef(tenantId, orderingKey).map(SavedRecordRef::record);
    }

    @Override
    public Optional<SavedRecordRef> savedRecordRef(String tenantId, String key) {
        try {
            return Sql.once(pool, c -> {
                try (PreparedStatement p = Sql.prepare(c, "SELECT record_type, record_id, record_url, saved_at FROM"
                        + " crm_outbox_record_refs WHERE tenant_id = ? AND ordering_key = ?", tenantId, key);
                        ResultSet r = p.executeQuery()) {
                    return r.next() ? Optional.of(new SavedRecordRef(new CrmRecordRef(r.getString(1), r.getString(2),
                            r.getString(3)), Sql.instant(r, "saved_at"))) : Optional.<SavedRecordRef>empty();
                }
            });
        } catch (SQLException e) {
            throw failure("read a record reference", e);
        }
    }

    @Override
    public void saveRecordRef(String tenantId, String key, CrmRecordRef record, Instant now) {
        try {
            Sql.once(pool, c -> upsertRef(c, tenantId, key, record, now));
        } catch (SQLException e) {
            throw failure("save a record reference", e);
        }
    }

    private static int upsertRef(Connection c, String tenantId, String key, CrmRecordRef record, Instant now)
            throws SQLException {
        return Sql.update(c, "INSERT INTO crm_outbox_record_refs (tenant_id, ordering_key, record_type, record_id,"
                + " record_url, saved_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, ordering_key)"
                + " DO UPDATE SET record_type = excluded.record_type, record_id = excluded.record_id,"
                + " record_url = excluded.record_url, saved_at = excluded.saved_at", tenantId, key, record.type,
                record.id, record.url, now);
    }

    @Override
    public int forgetRecordRefs(Instant before) {
        return run("forget record references", "DELETE FROM crm_outbox_record_refs WHERE saved_at < ?", before);
    }

    @Override
    public Map<String, Long> metrics() {
        return Map.of("store.appends", appends.get(), "store.merges", merges.get(), "store.claimed", claims.get());
    }

    /** The pool belongs to the database connector; nothing of ours to close. */
    @Override
    public void close() {
    }

    private int run(String what, String sql, Object... params) {
        try {
            return Sql.once(pool, c -> Sql.update(c, sql, params));
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    private static Long[] ids(Collection<OutboxItem> items) {
        return items.stream().map(i -> i.id).toArray(Long[]::new);
    }

    private static String prefixed(String alias) {
        return alias + ITEM_COLUMNS.replace(", ", ", " + alias);
    }

    private static OutboxItem item(ResultSet r) throws SQLException {
        OutboxItem item = new OutboxItem();
        item.id = r.getLong("id");
        item.tenantId = r.getString("tenant_id");
        item.kind = OutboxItem.Kind.valueOf(r.getString("kind"));
        item.orderingKey = r.getString("ordering_key");
        item.payload = r.getString("payload");
        item.status = OutboxItem.Status.valueOf(r.getString("status"));
        item.attempts = r.getInt("attempts");
        item.nextAttemptAt = Sql.instant(r, "next_attempt_at");
        item.createdAt = Sql.instant(r, "created_at");
        item.lastError = r.getString("last_error");
        item.leaseOwner = r.getString("lease_owner");
        item.leaseExpiry = Sql.instant(r, "lease_expiry");
        return item;
    }

    private static OutboxStoreException failure(String what, SQLException e) {
        return new OutboxStoreException("PostgreSQL could not " + what + ": " + e.getMessage(), e);
    }
}
