package org.crmconnector.store.postgresql.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

import javax.sql.DataSource;

import org.crmconnector.store.postgresql.datasource.Transactions;
import org.crmconnector.store.postgresql.datasource.Transactions.Work;

/** The few JDBC chores both stores repeat: a transaction on a pooled connection, instants in and out. */
final class Sql {

    private Sql() {
    }

    /**
     * Runs {@code work} in one transaction on a pooled connection: committed
     * when it returns, rolled back when it throws (and the exception passes).
     */
    static <T> T inTransaction(DataSource pool, Work<T> work) throws SQLException {
        try (Connection c = pool.getConnection()) {
            return Transactions.on(c, work);
        }
    }

    /** One statement on a pooled connection, autocommitted. */
    static <T> T once(DataSource pool, Work<T> work) throws SQLException {
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        }
    }

    static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    static Instant instant(ResultSet r, String column) throws SQLException {
        Timestamp t = r.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement p = prepare(c, sql, params)) {
            return p.executeUpdate();
        }
    }

    static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement p = c.prepareStatement(sql);
        try {
            for (int i = 0; i < params.length; i++) {
                Object v = params[i];
                if (v instanceof Instant instant) {
                    p.setTimestamp(i + 1, timestamp(instant));
                } else if (v instanceof String[] strings) {
                    p.setArray(i + 1, c.createArrayOf("text", strings));
                } else if (v instanceof Long[] longs) {
                    p.setArray(i + 1, c.createArrayOf("bigint", longs));
                } else {
                    p.setObject(i + 1, v);
                }
            }
            return p;
        } catch (SQLException | RuntimeException e) {
            p.close();
            throw e;
        }
    }
}
