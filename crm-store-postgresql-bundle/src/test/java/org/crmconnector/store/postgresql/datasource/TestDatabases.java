package org.crmconnector.store.postgresql.datasource;

import java.io.IOException;
import java.sql.SQLException;

import org.crmconnector.testing.postgres.PostgresServer;
import org.postgresql.osgi.PGDataSourceFactory;

/** Pools on fresh databases of the test server, made as the connector makes them (pgjdbc's DataSourceFactory). */
public final class TestDatabases {

    private TestDatabases() {
    }

    /** A pool on a new empty database; the caller closes it. */
    public static PooledDatabase fresh(PostgresServer server, String prefix) throws IOException, SQLException {
        String name = server.createDatabase(prefix);
        return on(server, name, 8);
    }

    /** Another pool on an existing database, as a second node has. */
    public static PooledDatabase on(PostgresServer server, String database, int poolSize) throws SQLException {
        return PooledDatabase.open(DatabaseSettings.of(server.jdbcUrl(database), PostgresServer.USER, poolSize),
                new PGDataSourceFactory(), name -> null);
    }
}
