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
        String db = server.createDatabase("sweep_index");
        try (PooledDatabase database = TestDatabases.on(server, db, 2)) {
            migrate(database);
        }
        // sequential scans priced out: on an empty table the planner would rightly prefer one
        String plan = server.psql(db, "SET enable_seqscan = off; EXPLAIN SELECT tenant_id FROM crm_interactions"
                + " WHERE state = ANY (ARRAY['OFFERED', 'ACCEPTED']) AND touched < now()");
        assertTrue(plan.contains("crm_interactions_state_touched"), plan);
    }

    private static int migrate(PooledDatabase database) throws java.sql.SQLException {
        try (java.sql.Connection c = database.openDedicated()) {
            return SchemaMigrations.migrate(c);
        }
    }
}
