package org.crmconnector.store.postgresql.config;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.crmconnector.store.postgresql.datasource.Transactions;

/**
 * The table {@code crm_configurations}: the newest state of every
 * replicated configuration, and a version counter that orders all changes.
 * Writers serialise on an advisory lock, so versions are visible in the
 * order they are drawn and "every row above the last version read" misses
 * nothing; with configurations changing a few times a day that costs
 * nothing. The last commit wins.
 */
final class ReplicatedConfigurations {

    /** Any number, the same on every node: serialises configuration writes. */
    private static final long WRITE_LOCK = 0x63726d5f636667L;

    /** One row; {@code properties} is the codec's JSON (and holds secrets: never log it). */
    record Row(ConfigurationIdentity identity, String properties, boolean deleted, long version, String origin) {
        @Override
        public String toString() {
            return identity.key() + (deleted ? " (deleted)" : "") + " v" + version + " from " + origin;
        }
    }

    private final DataSource pool;

    ReplicatedConfigurations(DataSource pool) {
        this.pool = pool;
    }

    /** Writes the newest state of one configuration; returns its version. */
    long publish(ConfigurationIdentity identity, String properties, boolean deleted, String origin)
            throws SQLException {
        try (Connection c = pool.getConnection()) {
            return Transactions.on(c, tx -> {
                try (Statement s = tx.createStatement()) {
                    s.execute("SELECT pg_advisory_xact_lock(" + WRITE_LOCK + ")");
                }
                long version;
                try (PreparedStatement p = tx.prepareStatement("INSERT INTO crm_configurations"
                        + " (identity, factory_pid, name, properties, deleted, version, origin)"
                        + " VALUES (?, ?, ?, ?, ?, nextval('crm_configuration_version'), ?)"
                        + " ON CONFLICT (identity) DO UPDATE SET properties = excluded.properties,"
                        + " deleted = excluded.deleted, version = excluded.version, origin = excluded.origin,"
                        + " changed_at = now() RETURNING version")) {
                    p.setString(1, identity.key());
                    p.setString(2, identity.factoryPid());
                    p.setString(3, identity.name());
                    p.setString(4, properties);
                    p.setBoolean(5, deleted);
                    p.setString(6, origin);
                    try (ResultSet r = p.executeQuery()) {
                        r.next();
                        version = r.getLong(1);
                    }
                }
                return version;
            });
        }
    }

    /** Every row with a version above {@code version}, oldest change first. */
    List<Row> since(long version) throws SQLException {
        try (Connection c = pool.getConnection();
                PreparedStatement p = c.prepareStatement("SELECT factory_pid, name, properties, deleted, version, origin"
                        + " FROM crm_configurations WHERE version > ? ORDER BY version")) {
            p.setLong(1, version);
            List<Row> rows = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    rows.add(new Row(new ConfigurationIdentity(r.getString(1), r.getString(2)), r.getString(3),
                            r.getBoolean(4), r.getLong(5), r.getString(6)));
                }
            }
            return rows;
        }
    }
}
