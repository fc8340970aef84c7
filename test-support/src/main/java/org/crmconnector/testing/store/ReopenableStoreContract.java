package org.crmconnector.testing.store;

import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The life of a store under a contract test: each test opens it on empty
 * data, may close and reopen it on the same data (what survives a restart),
 * and closes it at the end. A subclass per implementation says how.
 *
 * @param <S> the store's interface
 */
public abstract class ReopenableStoreContract<S extends AutoCloseable> {

    protected static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    protected S store;

    /** Makes the data empty for the next {@link #open()}. */
    protected abstract void prepareEmpty() throws Exception;

    /** Opens the store on the data {@link #prepareEmpty()} made (again, after a close). */
    protected abstract S open() throws Exception;

    @BeforeEach
    void openEmpty() throws Exception {
        prepareEmpty();
        store = open();
    }

    @AfterEach
    void closeStore() throws Exception {
        if (store != null) {
            store.close();
        }
    }

    protected S reopen() throws Exception {
        store.close();
        store = open();
        return store;
    }
}
