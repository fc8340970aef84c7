package org.crmconnector.store.postgresql.store;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.crmconnector.store.postgresql.datasource.PooledDatabase;
import org.crmconnector.store.postgresql.datasource.TestDatabases;
import org.crmconnector.store.postgresql.schema.SchemaMigrations;
import org.crmconnector.testing.postgres.PostgresExtension;

/** A migrated database on the test server for one test class, emptied before each test. */
final class SharedTestDatabase implements AutoCloseable {

    final String name;
    final PooledDatabase database;

    SharedTestDatabase(String prefix) throws IOException, SQLException {
        var server = PostgresExtension.server();
        this.name = server.createDatabase(prefix);
        this.database = TestDatabases.on(server, name, 8);
        try (Connection c = database.openDedicated()) {
            SchemaMigrations.migrate(c);
        }
    }

    /** Another node's pool on the same database; the caller closes it. */
    PooledDatabase anotherNode() throws IOException, SQLException {
        return TestDatabases.on(PostgresExtension.server(), name, 8);
    }

    void empty() throws SQLException {
        try (Connection c = database.openDedicated(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE crm_interactions, crm_outbox_items, crm_outbox_record_refs RESTART IDENTITY");
        }
    }

    @Override
    public void close() {
        database.close();
    }
}
