package org.crmconnector.core.lifecycle;

import java.nio.file.Path;

import org.crmconnector.store.InteractionStore;
import org.crmconnector.testing.store.InteractionStoreContract;
import org.junit.jupiter.api.io.TempDir;

/** The embedded interaction store against the contract every store meets. */
class MvStoreInteractionStoreContractTest extends InteractionStoreContract {

    @TempDir
    Path base;
    private Path folder;
    private int runs;

    @Override
    protected void prepareEmpty() {
        folder = base.resolve("interactions-" + ++runs);
    }

    @Override
    protected InteractionStore open() {
        return new MvStoreInteractionStore(folder);
    }
}
