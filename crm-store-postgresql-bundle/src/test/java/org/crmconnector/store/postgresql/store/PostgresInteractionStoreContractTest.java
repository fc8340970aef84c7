package org.crmconnector.store.postgresql.store;

import org.crmconnector.store.InteractionStore;
import org.crmconnector.testing.postgres.PostgresExtension;
import org.crmconnector.testing.store.InteractionStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** The PostgreSQL interaction store against the contract every store meets. */
@ExtendWith(PostgresExtension.class)
class PostgresInteractionStoreContractTest extends InteractionStoreContract {

    private static SharedTestDatabase db;

    @BeforeAll
    static void database() throws Exception {
        db = new SharedTestDatabase("interaction_contract");
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
    protected InteractionStore open() {
        return new PostgresInteractionStore(db.database.pool("interactions"));
    }
}
