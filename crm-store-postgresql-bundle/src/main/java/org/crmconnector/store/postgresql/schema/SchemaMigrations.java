package org.crmconnector.store.postgresql.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.crmconnector.store.postgresql.datasource.Transactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and migrates the schema: numbered SQL scripts shipped in this
 * package, each applied once, in order, and recorded in
 * {@code crm_schema_version}.
 * <p>
 * Why not Liquibase or Flyway: Flyway has no OSGi headers and cannot find
 * scripts inside bundles; Liquibase is a bundle but needs the service-loader
 * mediator started before it and brings a changelog format and lock tables
 * for what is here a handful of tables. PostgreSQL runs DDL inside
 * transactions, so each script with its version row commits whole or not at
 * all, and an advisory lock lets nodes starting together migrate once.
 * <p>
 * A script, once released, is never edited: a change is a new script.
 * Scripts must keep older nodes working during a rolling upgrade (add
 * columns and tables; drop nothing the previous version still reads).
 */
public final class SchemaMigrations {

    /** The scripts in order; the position is the version (1-based). */
    static final List<String> SCRIPTS = List.of("V1__stores.sql", "V2__configurations.sql", "V3__agent_events.sql",
            "V4__interaction_sweeps.sql");

    /** Any number, the same on every node: the advisory lock that serialises migrations. */
    private static final long MIGRATION_LOCK = 0x63726d5f736368L;

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrations.class);

    private SchemaMigrations() {
    }

    /** The schema version this bundle needs. */
    public static int latest() {
        return SCRIPTS.size();
    }

    /**
     * Brings the schema to {@link #latest()}; returns the version it is at
     * now (higher when a newer node migrated it already).
     */
    public static int migrate(Connection c) throws SQLException {
        int current = Transactions.on(c, tx -> {
            try (Statement s = tx.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
                s.execute("CREATE TABLE IF NOT EXISTS crm_schema_version (version integer PRIMARY KEY,"
                        + " script text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
            }
            int before = current(tx);
            for (int version = before + 1; version <= latest(); version++) {
                String script = SCRIPTS.get(version - 1);
                try (Statement s = tx.createStatement()) {
                    s.execute(read(script));
                }
                try (PreparedStatement p = tx.prepareStatement(
                        "INSERT INTO crm_schema_version (version, script) VALUES (?, ?)")) {
                    p.setInt(1, version);
                    p.setString(2, script);
                    p.executeUpdate();
                }
                LOG.info("Database schema migrated to version {} ({})", version, script);
            }
            return before;
        });
        if (current > latest()) {
            LOG.warn("The database schema is at version {}, newer than this node's {}: a newer node upgraded it. "
                    + "Finish the rolling upgrade", current, latest());
        }
        return Math.max(current, latest());
    }

    private static int current(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT coalesce(max(version), 0) FROM crm_schema_version")) {
            r.next();
            return r.getInt(1);
        }
    }

    private static String read(String script) {
        try (InputStream in = SchemaMigrations.class.getResourceAsStream(script)) {
            if (in == null) {
                throw new IllegalStateException("Schema script " + script + " is missing from the bundle");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
