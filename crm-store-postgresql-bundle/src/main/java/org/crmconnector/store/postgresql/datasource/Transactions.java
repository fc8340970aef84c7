package org.crmconnector.store.postgresql.datasource;

import java.sql.Connection;
import java.sql.SQLException;

/** Work done in one transaction on a connection, for every part of the bundle that needs one. */
public final class Transactions {

    private Transactions() {
    }

    /** Work on one connection that returns a value and may throw SQLException. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction on {@code c}: committed when it
     * returns, rolled back when it throws (and the exception passes); the
     * connection's autocommit is as it was afterwards.
     */
    public static <T> T on(Connection c, Work<T> work) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            T result = work.run(c);
            c.commit();
            return result;
        } catch (SQLException | RuntimeException | Error e) {
            try {
                c.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }
}
