package org.crmconnector.core.lifecycle;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import org.crmconnector.interaction.InteractionState;
import org.crmconnector.store.LiveLimitException;
import org.crmconnector.store.SharedInteractionStore;

/**
 * A shared interaction store in memory for tests, so the registry's shared
 * path runs without a database: instances made on one map are nodes on one
 * database, and {@link #update} holds a lock on that map as the database
 * holds a row lock. It counts the reads the sweeps make, by kind, which is
 * what a test of their cost asserts on. The contract every shared store
 * meets holds it to the PostgreSQL store's behaviour.
 */
public class InMemorySharedInteractionStore implements SharedInteractionStore {

    private final Map<String, Entry> entries;
    /** Reads of every tenant at once. */
    public final AtomicInteger crossTenantReads = new AtomicInteger();
    /** Reads of one tenant's entries, counts, and the tenant list. */
    public final AtomicInteger tenantReads = new AtomicInteger();
    public final AtomicInteger updates = new AtomicInteger();
    /** Entries the cross-tenant reads handed out: what a sweep round costs in rows. */
    public final AtomicInteger entriesRead = new AtomicInteger();

    public InMemorySharedInteractionStore() {
        this(new ConcurrentHashMap<>());
    }

    /** A store on {@code entries}, which another instance (another node) may share. */
    public InMemorySharedInteractionStore(Map<String, Entry> entries) {
        this.entries = entries;
    }

    private static String key(String tenantId, String interactionId) {
        return tenantId + "/" + interactionId;
    }

    @Override
    public void save(Entry entry) {
        synchronized (entries) {
            entries.put(key(entry.tenantId(), entry.interactionId()), entry);
        }
    }

    @Override
    public void saveSoon(Entry entry) {
        save(entry);
    }

    @Override
    public void remove(String tenantId, String interactionId) {
        synchronized (entries) {
            entries.remove(key(tenantId, interactionId));
        }
    }

    @Override
    public void forEach(Consumer<Entry> each) {
        List.copyOf(entries.values()).forEach(each);
    }

    @Override
    public Optional<Entry> find(String tenantId, String interactionId) {
        return Optional.ofNullable(entries.get(key(tenantId, interactionId)));
    }

    @Override
    public Entry update(String tenantId, String interactionId, UnaryOperator<Entry> change) {
        synchronized (entries) {
            Entry next = change.apply(entries.get(key(tenantId, interactionId)));
            if (next != null) {
                entries.put(key(tenantId, interactionId), next);
            }
            updates.incrementAndGet();
            return next;
        }
    }

    @Override
    public Entry create(String tenantId, String interactionId, int maxLive, UnaryOperator<Entry> change) {
        synchronized (entries) {
            Entry current = entries.get(key(tenantId, interactionId));
            long live = entries.values().stream().filter(e -> e.tenantId().equals(tenantId) && !e.state().isFinal())
                    .count();
            if ((current == null || current.state().isFinal()) && live >= maxLive) {
                throw new LiveLimitException("tenant " + tenantId + " has " + maxLive + " live interactions");
            }
            return update(tenantId, interactionId, change);
        }
    }

    @Override
    public List<Entry> entries(String tenantId, Set<InteractionState> states, Instant touchedBefore) {
        tenantReads.incrementAndGet();
        return select(tenantId, states, touchedBefore);
    }

    @Override
    public List<Entry> entries(Set<InteractionState> states, Instant touchedBefore) {
        crossTenantReads.incrementAndGet();
        return select(null, states, touchedBefore);
    }

    @Override
    public List<Entry> owingPops(Instant owedBefore) {
        crossTenantReads.incrementAndGet();
        List<Entry> out = new ArrayList<>();
        for (Entry e : entries.values()) {
            if (!e.state().isFinal() && e.popOwedSince() != null && e.popOwedSince().isBefore(owedBefore)) {
                out.add(e);
            }
        }
        entriesRead.addAndGet(out.size());
        return out;
    }

    private List<Entry> select(String tenantId, Set<InteractionState> states, Instant touchedBefore) {
        List<Entry> out = new ArrayList<>();
        for (Entry e : entries.values()) {
            if ((tenantId == null || e.tenantId().equals(tenantId))
                    && (states == null || states.isEmpty() || states.contains(e.state()))
                    && (touchedBefore == null || e.touched().isBefore(touchedBefore))) {
                out.add(e);
            }
        }
        if (tenantId == null) {
            entriesRead.addAndGet(out.size());
        }
        return out;
    }

    @Override
    public int liveCount(String tenantId) {
        tenantReads.incrementAndGet();
        return (int) entries.values().stream().filter(e -> e.tenantId().equals(tenantId) && !e.state().isFinal()).count();
    }

    @Override
    public Set<String> tenantIds() {
        tenantReads.incrementAndGet();
        Set<String> out = new TreeSet<>();
        entries.values().forEach(e -> out.add(e.tenantId()));
        return out;
    }

    @Override
    public int removeFinished(Instant before) {
        synchronized (entries) {
            int size = entries.size();
            entries.values().removeIf(e -> e.data() == null && e.state().isFinal() && e.touched().isBefore(before));
            return size - entries.size();
        }
    }

    @Override
    public Map<String, Long> metrics() {
        return Map.of("interactions.updates", (long) updates.get());
    }

    @Override
    public void close() {
        // nothing held; the entries stay for the next node
    }
}
