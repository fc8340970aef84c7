package org.crmconnector.store.postgresql.store;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.crmconnector.store.postgresql.datasource.PooledDatabase;
import org.crmconnector.store.postgresql.datasource.TestDatabases;
import org.crmconnector.store.postgresql.schema.SchemaMigrations;
import org.crmconnector.testing.postgres.PostgresExtension;

/**
 * One migrated database on the test server for the store tests of this JVM
 * (they run one class at a time), with the pools of two "nodes" on it; each
 * test empties it first. The agent event bus tests use it too (they keep
 * apart by tenant, so emptying the stores' tables does them no harm). Pools
 * and server go when the JVM ends.
 */
public final class SharedTestDatabase {

    private static SharedTestDatabase instance;

    /** The first node's pools. */
    public final PooledDatabase nodeA;
    /** A second node's pools on the same database. */
    public final PooledDatabase nodeB;

    private SharedTestDatabase() throws IOException, SQLException {
        var server = PostgresExtension.server();
        String name = server.createDatabase("stores");
        this.nodeA = TestDatabases.on(server, name, 8);
        this.nodeB = TestDatabases.on(server, name, 8);
        try (Connection c = nodeA.openDedicated()) {
            SchemaMigrations.migrate(c);
        }
    }

    /** The database, emptied. */
    public static synchronized SharedTestDatabase empty() throws IOException, SQLException {
        if (instance == null) {
            instance = new SharedTestDatabase();
        }
        try (Connection c = instance.nodeA.openDedicated(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE crm_interactions, crm_outbox_items, crm_outbox_record_refs RESTART IDENTITY");
        }
        return instance;
    }
}
