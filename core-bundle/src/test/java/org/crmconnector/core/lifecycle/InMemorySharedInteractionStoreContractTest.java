package org.crmconnector.core.lifecycle;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.crmconnector.store.InteractionStore;
import org.crmconnector.store.InteractionStore.Entry;
import org.crmconnector.testing.store.SharedInteractionStoreContract;

/** The tests' shared store meets the contract the PostgreSQL store meets, so what core tests on it holds there. */
class InMemorySharedInteractionStoreContractTest extends SharedInteractionStoreContract {

    private Map<String, Entry> data;

    @Override
    protected void prepareEmpty() {
        data = new ConcurrentHashMap<>();
    }

    @Override
    protected InteractionStore open() {
        return new InMemorySharedInteractionStore(data);
    }
}
