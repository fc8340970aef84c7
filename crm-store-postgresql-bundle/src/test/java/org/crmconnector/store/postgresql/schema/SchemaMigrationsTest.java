package org.crmconnector.store.postgresql.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.crmconnector.store.postgresql.datasource.PooledDatabase;
import org.crmconnector.store.postgresql.datasource.TestDatabases;
import org.crmconnector.testing.postgres.PostgresExtension;
import org.crmconnector.testing.postgres.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class SchemaMigrationsTest {

    @Test
    void createsTheSchemaOnAnEmptyDatabaseAndRecordsItsVersion(PostgresServer server) throws Exception {
        String db = server.createDatabase("migrate");
        try (PooledDatabase database = TestDatabases.on(server, db, 2)) {
            assertEquals(SchemaMigrations.latest(), migrate(database));
        }
        assertEquals("crm_agent_events,crm_agent_topics,crm_configurations,crm_interactions,crm_outbox_items,"
                + "crm_outbox_record_refs,crm_schema_version",
                server.psql(db, "SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables"
                        + " WHERE schemaname = 'public'"));
        assertEquals("1:V1__stores.sql,2:V2__configurations.sql,3:V3__agent_events.sql,"
                + "4:V4__interaction_sweeps.sql", server.psql(db,
                "SELECT string_agg(version || ':' || script, ',' ORDER BY version) FROM crm_schema_version"));
    }

    @Test
    void migratesOnceWhenNodesStartTogetherAndAgainAfterARestart(PostgresServer server) throws Exception {
        String db = server.createDatabase("migrate_together");
        ExecutorService nodes = Executors.newFixedThreadPool(3);
        List<PooledDatabase> pools = new ArrayList<>();
        try {
            List<Callable<Integer>> starts = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                PooledDatabase pool = TestDatabases.on(server, db, 2);
                pools.add(pool);
                starts.add(() -> migrate(pool));
            }
            for (Future<Integer> f : nodes.invokeAll(starts)) {
                assertEquals(SchemaMigrations.latest(), f.get());
            }
            assertEquals(SchemaMigrations.latest(), migrate(pools.get(0)));
        } finally {
            nodes.shutdownNow();
            pools.forEach(PooledDatabase::close);
        }
        assertEquals(String.valueOf(SchemaMigrations.latest()), server.psql(db, "SELECT count(*) FROM crm_schema_version"));
    }

    @Test
    void theSweepsReadOfEveryTenantIsServedByAnIndex(PostgresServer server) throws Exception {
        String db = migrated(server, "sweep_index");
        String plan = plan(server, db, "state = ANY (ARRAY['OFFERED', 'ACCEPTED']) AND touched < now()");
        assertTrue(plan.contains("crm_interactions_state_touched"), plan);
    }

    @Test
    void theSweepForLostPopsReadsOnlyTheRowsOwingOneThroughItsIndex(PostgresServer server) throws Exception {
        String db = migrated(server, "owed_index");
        // the read of PostgresInteractionStore.owingPops
        String plan = plan(server, db, "pop_owed_since < now() AND state <> ALL (ARRAY['FINISHED', 'REJECTED'])");
        assertTrue(plan.contains("crm_interactions_owed_pops"), plan);
        assertEquals("t", server.psql(db, "SELECT indpred IS NOT NULL FROM pg_index"
                + " WHERE indexrelid = 'crm_interactions_owed_pops'::regclass"), "a partial index: owing rows only");
    }

    @Test
    void anOwedPopKeptInsideTheDataOfAnEarlierVersionMovesIntoItsColumn(PostgresServer server) throws Exception {
        String db = server.createDatabase("owed_backfill");
        try (PooledDatabase database = TestDatabases.on(server, db, 2)) {
            // the schema as the previous release left it, version 3, with its rows
            try (java.sql.Connection c = database.openDedicated(); java.sql.Statement s = c.createStatement()) {
                s.execute("CREATE TABLE crm_schema_version (version integer PRIMARY KEY, script text NOT NULL,"
                        + " applied_at timestamptz NOT NULL DEFAULT now())");
                for (int version = 1; version <= 3; version++) {
                    String script = SchemaMigrations.SCRIPTS.get(version - 1);
                    try (java.io.InputStream in = SchemaMigrations.class.getResourceAsStream(script)) {
                        s.execute(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
                    }
                    s.execute("INSERT INTO crm_schema_version (version, script) VALUES (" + version + ", '" + script + "')");
                }
                s.execute("INSERT INTO crm_interactions (tenant_id, interaction_id, state, touched, data) VALUES"
                        + " ('acme', 'owed', 'OFFERED', now(), convert_to('{\"popOwedSince\":"
                        + "\"2025-03-01T09:00:01.123456789Z\",\"interactionId\":\"owed\"}', 'UTF8')),"
                        + " ('acme', 'shown', 'OFFERED', now(), convert_to('{\"interactionId\":\"shown\"}', 'UTF8')),"
                        + " ('acme', 'done', 'FINISHED', now(), null)");
            }
            assertEquals(SchemaMigrations.latest(), migrate(database));
        }
        assertEquals("owed:2025-03-01T09:00:01.123457", server.psql(db, "SELECT string_agg(interaction_id || ':'"
                + " || to_char(pop_owed_since AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US'), ',')"
                + " FROM crm_interactions WHERE pop_owed_since IS NOT NULL"), "microseconds, as timestamptz keeps");
    }

    private static String migrated(PostgresServer server, String name) throws Exception {
        String db = server.createDatabase(name);
        try (PooledDatabase database = TestDatabases.on(server, db, 2)) {
            migrate(database);
        }
        return db;
    }

    /** The plan of a read of crm_interactions with sequential scans priced out: on an empty table they would win. */
    private static String plan(PostgresServer server, String db, String where) throws Exception {
        return server.psql(db, "SET enable_seqscan = off; EXPLAIN SELECT tenant_id FROM crm_interactions WHERE " + where);
    }

    private static int migrate(PooledDatabase database) throws java.sql.SQLException {
        try (java.sql.Connection c = database.openDedicated()) {
            return SchemaMigrations.migrate(c);
        }
    }
}
