package org.crmconnector.store.postgresql.store;

import org.crmconnector.store.OutboxStore;
import org.crmconnector.testing.postgres.PostgresExtension;
import org.crmconnector.testing.store.OutboxStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** The PostgreSQL outbox store against the contract every store meets. */
@ExtendWith(PostgresExtension.class)
class PostgresOutboxStoreContractTest extends OutboxStoreContract {

    private static SharedTestDatabase db;

    @BeforeAll
    static void database() throws Exception {
        db = new SharedTestDatabase("outbox_contract");
    }

    @AfterAll
    static void closeDatabase() {
        if (db != null) {
            db.close();
        }
    }

    @Override
    protected void prepareEmpty() throws Exception {
        db.empty();
    }

    @Override
    protected OutboxStore open() {
        return new PostgresOutboxStore(db.database.pool("outbox"));
    }
}
