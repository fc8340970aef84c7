package org.crmconnector.store.postgresql.datasource;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

/**
 * The database a cluster shares, registered as a service (private to this
 * bundle) once it answers and its schema is current: what every part of the
 * bundle that talks to PostgreSQL references, so none of them starts before
 * the database can serve it.
 */
public interface PostgresDatabase {

    /** Pooled connections, for short transactions; give each back (close) at once. */
    DataSource pool();

    /**
     * A connection of its own outside the pool, for what holds one open for
     * long (a LISTEN): a pooled one would be lost to every other request. The
     * caller closes it.
     */
    Connection openDedicated() throws SQLException;

    /** The JDBC URL, for logs; it never holds the password. */
    String url();
}
