package org.crmconnector.store.postgresql.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import javax.sql.DataSource;

import org.crmconnector.interaction.InteractionState;
import org.crmconnector.store.InteractionStore;
import org.crmconnector.store.InteractionStoreException;
import org.crmconnector.store.LiveLimitException;
import org.crmconnector.store.SharedInteractionStore;
import org.crmconnector.store.postgresql.datasource.PostgresDatabase;
import org.crmconnector.store.postgresql.datasource.Transactions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Interactions in table {@code crm_interactions}, one row per tenant and id,
 * shared by every node. Changes go through {@link #update}: the row is read
 * with {@code SELECT ... FOR UPDATE}, so a second node changing the same
 * interaction waits for the first to commit and then sees its change; two
 * nodes creating the same id at once meet on the primary key, and the loser
 * runs its change again on the winner's row.
 */
@Component(service = InteractionStore.class, property = InteractionStore.KIND_PROPERTY + "=postgresql")
public class PostgresInteractionStore implements SharedInteractionStore {

    private static final String COLUMNS = "tenant_id, interaction_id, state, touched, data, pop_owed_since";
    /** The first key of the advisory locks on tenants' creations ("crm_"), apart from every other lock. */
    private static final int CREATION_LOCKS = 0x63726d5f;
    private static final String[] FINAL_STATES = Arrays.stream(InteractionState.values())
            .filter(InteractionState::isFinal).map(Enum::name).toArray(String[]::new);

    private final DataSource pool;
    private final AtomicLong saves = new AtomicLong();
    private final AtomicLong updates = new AtomicLong();
    private final AtomicLong createRaces = new AtomicLong();

    @Activate
    public PostgresInteractionStore(@Reference PostgresDatabase database) {
        this(database.pool("interactions"));
    }

    public PostgresInteractionStore(DataSource pool) {
        this.pool = pool;
    }

    @Override
    public void save(Entry entry) {
        write(entry, true);
    }

    /** Committed without waiting for the WAL flush: a crash may lose it, as the SPI allows. */
    @Override
    public void saveSoon(Entry entry) {
        write(entry, false);
    }

    private void write(Entry entry, boolean durable) {
        check(entry, entry.tenantId(), entry.interactionId());
        try {
            Transactions.Work<Integer> upsert = c -> Sql.update(c, "INSERT INTO crm_interactions (" + COLUMNS + ")"
                    + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, interaction_id) DO UPDATE SET"
                    + " state = excluded.state, touched = excluded.touched, data = excluded.data,"
                    + " pop_owed_since = excluded.pop_owed_since, version = crm_interactions.version + 1",
                    entry.tenantId(), entry.interactionId(), entry.state().name(), entry.touched(), entry.data(),
                    entry.popOwedSince());
            if (durable) {
                // one statement, autocommitted: one round trip, where a transaction around it costs a COMMIT more
                Sql.once(pool, upsert);
            } else {
                Sql.inTransaction(pool, c -> {
                    Sql.update(c, "SET LOCAL synchronous_commit TO OFF");
                    return upsert.run(c);
                });
            }
            saves.incrementAndGet();
        } catch (SQLException e) {
            throw failure("save interaction " + entry.interactionId(), e);
        }
    }

    @Override
    public void remove(String tenantId, String interactionId) {
        try {
            Sql.once(pool, c -> Sql.update(c, "DELETE FROM crm_interactions WHERE tenant_id = ? AND interaction_id = ?",
                    tenantId, interactionId));
        } catch (SQLException e) {
            throw failure("remove interaction " + interactionId, e);
        }
    }

    @Override
    public void forEach(Consumer<Entry> each) {
        try (Connection c = pool.getConnection()) {
            // a cursor (fetch size outside autocommit), not the whole table in memory
            c.setAutoCommit(false);
            try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM crm_interactions")) {
                p.setFetchSize(500);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        each.accept(entry(r));
                    }
                }
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure("read the interactions", e);
        }
    }

    @Override
    public Optional<Entry> find(String tenantId, String interactionId) {
        try {
            return Sql.once(pool, c -> read(c, tenantId, interactionId, false));
        } catch (SQLException e) {
            throw failure("read interaction " + interactionId, e);
        }
    }

    @Override
    public Entry update(String tenantId, String interactionId, UnaryOperator<Entry> change) {
        return change(tenantId, interactionId, -1, change);
    }

    /**
     * A creation takes the tenant's creation lock (an advisory lock of this
     * transaction, in a key space of its own, so it meets no other lock), then
     * counts the tenant's live rows on the same connection: creations of one
     * tenant run one after another across every node, and none counts before
     * the one ahead of it has committed or rolled back.
     */
    @Override
    public Entry create(String tenantId, String interactionId, int maxLive, UnaryOperator<Entry> change) {
        return change(tenantId, interactionId, Math.max(0, maxLive), change);
    }

    /** {@code maxLive} below 0: no bound, and no lock beyond the row's. */
    private Entry change(String tenantId, String interactionId, int maxLive, UnaryOperator<Entry> change) {
        for (;;) {
            try {
                Optional<Entry> stored = Sql.inTransaction(pool, c -> {
                    if (maxLive >= 0) {
                        try (PreparedStatement p = Sql.prepare(c,
                                "SELECT pg_advisory_xact_lock(" + CREATION_LOCKS + ", hashtext(?))", tenantId)) {
                            p.execute();
                        }
                    }
                    Entry current = read(c, tenantId, interactionId, true).orElse(null);
                    if (maxLive >= 0 && (current == null || current.state().isFinal())
                            && liveCount(c, tenantId) >= maxLive) {
                        throw new LiveLimitException("tenant " + tenantId + " has " + maxLive + " live interactions");
                    }
                    Entry next = change.apply(current);
                    if (next == null) {
                        return Optional.empty();
                    }
                    check(next, tenantId, interactionId);
                    if (current == null) {
                        int inserted = Sql.update(c, "INSERT INTO crm_interactions (" + COLUMNS + ")"
                                + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, interaction_id) DO NOTHING",
                                tenantId, interactionId, next.state().name(), next.touched(), next.data(),
                                next.popOwedSince());
                        if (inserted == 0) {
                            // another node created it since we looked: run the change again on its row
                            throw new CreateRace();
                        }
                    } else {
                        Sql.update(c, "UPDATE crm_interactions SET state = ?, touched = ?, data = ?, pop_owed_since = ?,"
                                + " version = version + 1 WHERE tenant_id = ? AND interaction_id = ?",
                                next.state().name(), next.touched(), next.data(), next.popOwedSince(), tenantId,
                                interactionId);
                    }
                    return Optional.of(next);
                });
                updates.incrementAndGet();
                return stored.orElse(null);
            } catch (CreateRace race) {
                createRaces.incrementAndGet();
            } catch (SQLException e) {
                throw failure("change interaction " + interactionId, e);
            }
        }
    }

    /** Thrown inside the transaction to roll it back and try again. */
    private static final class CreateRace extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CreateRace() {
            super(null, null, false, false);
        }
    }

    @Override
    public List<Entry> entries(String tenantId, Set<InteractionState> states, Instant touchedBefore) {
        return entries(tenantId, states, touchedBefore, "list the interactions of tenant " + tenantId);
    }

    /** One query for every tenant: served by the index on (state, touched) of schema version 4. */
    @Override
    public List<Entry> entries(Set<InteractionState> states, Instant touchedBefore) {
        return entries(null, states, touchedBefore, "list the interactions of every tenant");
    }

    /** Served by the partial index on pop_owed_since of schema version 4: rows owing no pop are not read. */
    @Override
    public List<Entry> owingPops(Instant owedBefore) {
        return select("SELECT " + COLUMNS + " FROM crm_interactions WHERE pop_owed_since < ? AND state <> ALL (?)",
                new Object[] {owedBefore, FINAL_STATES}, "list the interactions owing a screen pop");
    }

    /** The entries of one tenant, or of all when {@code tenantId} is null. */
    private List<Entry> entries(String tenantId, Set<InteractionState> states, Instant touchedBefore, String what) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM crm_interactions WHERE true");
        List<Object> params = new ArrayList<>();
        if (tenantId != null) {
            sql.append(" AND tenant_id = ?");
            params.add(tenantId);
        }
        if (states != null && !states.isEmpty()) {
            sql.append(" AND state = ANY (?)");
            params.add(states.stream().map(Enum::name).toArray(String[]::new));
        }
        if (touchedBefore != null) {
            sql.append(" AND touched < ?");
            params.add(touchedBefore);
        }
        return select(sql.toString(), params.toArray(), what);
    }

    private List<Entry> select(String sql, Object[] params, String what) {
        try {
            return Sql.once(pool, c -> {
                try (PreparedStatement p = Sql.prepare(c, sql, params); ResultSet r = p.executeQuery()) {
                    List<Entry> out = new ArrayList<>();
                    while (r.next()) {
                        out.add(entry(r));
                    }
                    return out;
                }
            });
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    @Override
    public int liveCount(String tenantId) {
        try {
            return Sql.once(pool, c -> liveCount(c, tenantId));
        } catch (SQLException e) {
            throw failure("count the interactions of tenant " + tenantId, e);
        }
    }

    private static int liveCount(Connection c, String tenantId) throws SQLException {
        try (PreparedStatement p = Sql.prepare(c, "SELECT count(*) FROM crm_interactions WHERE tenant_id = ?"
                + " AND state <> ALL (?)", tenantId, FINAL_STATES); ResultSet r = p.executeQuery()) {
            r.next();
            return r.getInt(1);
        }
    }


    @Override
    public Set<String> tenantIds() {
        try {
            return Sql.once(pool, c -> {
                try (PreparedStatement p = c.prepareStatement("SELECT DISTINCT tenant_id FROM crm_interactions");
                        ResultSet r = p.executeQuery()) {
                    Set<String> out = new HashSet<>();
                    while (r.next()) {
                        out.add(r.getString(1));
                    }
                    return Set.copyOf(out);
                }
            });
        } catch (SQLException e) {
            throw failure("list the tenants with interactions", e);
        }
    }

    @Override
    public int removeFinished(Instant before) {
        try {
            return Sql.once(pool, c -> Sql.update(c, "DELETE FROM crm_interactions WHERE data IS NULL AND state = ANY (?)"
                    + " AND touched < ?", FINAL_STATES, before));
        } catch (SQLException e) {
            throw failure("remove finished interactions", e);
        }
    }

    @Override
    public Map<String, Long> metrics() {
        return Map.of("interactions.saves", saves.get(), "interactions.updates", updates.get(),
                "interactions.create.races", createRaces.get());
    }

    /** The pool belongs to the database connector; nothing of ours to close. */
    @Override
    public void close() {
    }

    private static Optional<Entry> read(Connection c, String tenantId, String interactionId, boolean lock)
            throws SQLException {
        try (PreparedStatement p = Sql.prepare(c, "SELECT " + COLUMNS + " FROM crm_interactions"
                + " WHERE tenant_id = ? AND interaction_id = ?" + (lock ? " FOR UPDATE" : ""), tenantId, interactionId);
                ResultSet r = p.executeQuery()) {
            return r.next() ? Optional.of(entry(r)) : Optional.empty();
        }
    }

    private static Entry entry(ResultSet r) throws SQLException {
        return new Entry(r.getString("tenant_id"), r.getString("interaction_id"),
                InteractionState.valueOf(r.getString("state")), Sql.instant(r, "touched"), r.getBytes("data"),
                Sql.instant(r, "pop_owed_since"));
    }

    private static void check(Entry entry, String tenantId, String interactionId) {
        if (entry.tenantId() == null || entry.interactionId() == null || entry.state() == null || entry.touched() == null
                || !entry.tenantId().equals(tenantId) || !entry.interactionId().equals(interactionId)) {
            throw new IllegalArgumentException("Not a storable interaction entry for " + tenantId + "/" + interactionId);
        }
    }

    private static InteractionStoreException failure(String what, SQLException e) {
        return new InteractionStoreException("PostgreSQL could not " + what + ": " + e.getMessage(), e);
    }
}
