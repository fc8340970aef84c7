package org.crmconnector.store.postgresql.store;

import org.crmconnector.store.InteractionStore;
import org.crmconnector.testing.postgres.PostgresExtension;
import org.crmconnector.testing.store.InteractionStoreContract;
import org.junit.jupiter.api.extension.ExtendWith;

/** The PostgreSQL interaction store against the contract every store meets. */
@ExtendWith(PostgresExtension.class)
class PostgresInteractionStoreContractTest extends InteractionStoreContract {

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
