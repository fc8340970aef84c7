package org.crmconnector.core.lifecycle;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.crmconnector.store.InteractionStore;
import org.crmconnector.store.InteractionStoreException;

/**
 * An interaction store in memory for tests: it outlives the registry that
 * uses it, so a second registry on the same instance is a restart, and it
 * can be told to refuse saves, as a full disk would.
 */
public class InMemoryInteractionStore implements InteractionStore {

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    public final AtomicInteger saves = new AtomicInteger();
    /** The saves that wait for the disk ({@link #save}); {@link #saveSoon} ones are counted in {@link #saves} only. */
    public final AtomicInteger durableSaves = new AtomicInteger();
    public volatile boolean failing;

    @Override
    public void save(Entry entry) {
        put(entry);
        durableSaves.incrementAndGet();
    }

    @Override
    public void saveSoon(Entry entry) {
        put(entry);
    }

    private void put(Entry entry) {
        if (failing) {
            throw new InteractionStoreException("disk full (test)", null);
        }
        entries.put(entry.tenantId() + "/" + entry.interactionId(), entry);
        saves.incrementAndGet();
    }

    @Override
    public void remove(String tenantId, String interactionId) {
        entries.remove(tenantId + "/" + interactionId);
    }

    @Override
    public void forEach(Consumer<Entry> each) {
        entries.values().forEach(each);
    }

    public Entry get(String tenantId, String interactionId) {
        return entries.get(tenantId + "/" + interactionId);
    }

    public int size() {
        return entries.size();
    }

    @Override
    public Map<String, Long> metrics() {
        return Map.of("interactions.saves", (long) saves.get());
    }

    @Override
    public void close() {
        // nothing held; the entries stay for the next registry
    }
}
