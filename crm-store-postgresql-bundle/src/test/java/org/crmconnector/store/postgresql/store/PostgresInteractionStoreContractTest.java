package org.crmconnector.store.postgresql.store;

import org.crmconnector.store.InteractionStore;
import org.crmconnector.testing.postgres.PostgresExtension;
import org.crmconnector.testing.store.SharedInteractionStoreContract;
import org.junit.jupiter.api.extension.ExtendWith;

/** The PostgreSQL interaction store against the contract every shared store meets. */
@ExtendWith(PostgresExtension.class)
class PostgresInteractionStoreContractTest extends SharedInteractionStoreContract {

    private SharedTestDatabase db;

    @Override
    protected void prepareEmpty() throws Exception {
        db = SharedTestDatabase.empty();
    }

    @Override
    protected InteractionStore open() {
        return new PostgresInteractionStore(db.nodeA.pool("interactions"));
    }
}
