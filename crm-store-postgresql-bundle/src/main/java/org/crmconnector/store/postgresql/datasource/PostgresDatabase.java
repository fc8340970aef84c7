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

    /**
     * Pooled connections for one user (a store, the event bus), for short
     * transactions; give each back (close) at once. Each name has a pool of
     * its own: the interaction store holds a connection, with the row locked,
     * while the registry stores the log in the outbox, so sharing one pool
     * could leave every connection held by a change waiting for another.
     */
    DataSource pool(String name);

    /**
     * A connection of its own outside the pool, for what holds one open for
     * long (a LISTEN): a pooled one would be lost to every other request. The
     * caller closes it.
     */
    Connection openDedicated() throws SQLException;

    /** The JDBC URL, for logs; it never holds the password. */
    String url();
}
