package org.crmconnector.core.outbox;

import java.nio.file.Path;

import org.crmconnector.store.OutboxStore;
import org.crmconnector.testing.store.OutboxStoreContract;
import org.junit.jupiter.api.io.TempDir;

/** The embedded outbox store against the contract every store meets. */
class MvStoreOutboxStoreContractTest extends OutboxStoreContract {

    @TempDir
    Path base;
    private Path folder;
    private int runs;

    @Override
    protected void prepareEmpty() {
        folder = base.resolve("outbox-" + ++runs);
    }

    @Override
    protected OutboxStore open() {
        return new MvStoreOutboxStore(folder);
    }
}
