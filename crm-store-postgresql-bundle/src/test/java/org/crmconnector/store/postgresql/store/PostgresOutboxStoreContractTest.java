package org.crmconnector.store.postgresql.store;

import org.crmconnector.store.OutboxStore;
import org.crmconnector.testing.postgres.PostgresExtension;
import org.crmconnector.testing.store.OutboxStoreContract;
import org.junit.jupiter.api.extension.ExtendWith;

/** The PostgreSQL outbox store against the contract every store meets. */
@ExtendWith(PostgresExtension.class)
class PostgresOutboxStoreContractTest extends OutboxStoreContract {

    private SharedTestDatabase db;

    @Override
    protected void prepareEmpty() throws Exception {
        db = SharedTestDatabase.empty();
    }

    @Override
    protected OutboxStore open() {
        return new PostgresOutboxStore(db.nodeA.pool("outbox"));
    }
}
