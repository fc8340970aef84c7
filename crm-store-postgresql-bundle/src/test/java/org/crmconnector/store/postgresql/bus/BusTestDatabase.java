package org.crmconnector.store.postgresql.bus;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;

import org.crmconnector.store.postgresql.datasource.PooledDatabase;
import org.crmconnector.store.postgresql.datasource.TestDatabases;
import org.crmconnector.store.postgresql.schema.SchemaMigrations;
import org.crmconnector.testing.ComponentConfig;
import org.crmconnector.testing.postgres.PostgresExtension;

/**
 * One migrated database for the bus tests of this JVM, with the pools of two
 * "nodes" on it. Tests keep apart by using tenants of their own, so nothing
 * is emptied. Pools and server go when the JVM ends.
 */
final class BusTestDatabase {

    private static BusTestDatabase instance;

    final PooledDatabase nodeA;
    final PooledDatabase nodeB;

    private BusTestDatabase() throws IOException, SQLException {
        var server = PostgresExtension.server();
        String name = server.createDatabase("bus");
        this.nodeA = TestDatabases.on(server, name, 8);
        this.nodeB = TestDatabases.on(server, name, 8);
        try (Connection c = nodeA.openDedicated()) {
            SchemaMigrations.migrate(c);
        }
    }

    static synchronized BusTestDatabase get() throws IOException, SQLException {
        if (instance == null) {
            instance = new BusTestDatabase();
        }
        return instance;
    }

    /** A bus as the component makes it, with no periodic check in the way of what a test proves (unless it asks). */
    static PostgresAgentEventBus bus(PooledDatabase node, Object... settings) {
        return new PostgresAgentEventBus(node, ComponentConfig.of(AgentChannelSettings.class, settings),
                Duration.ofHours(1));
    }

    /** Ends a backend (as a crash or a DBA would), from a connection of the other node. */
    void terminate(int backendPid) throws SQLException {
        try (Connection c = nodeA.openDedicated();
                PreparedStatement p = c.prepareStatement("SELECT pg_terminate_backend(?)")) {
            p.setInt(1, backendPid);
            p.execute();
        }
    }
}
