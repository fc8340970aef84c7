package org.crmconnector.testing.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.crmconnector.interaction.InteractionState;
import org.crmconnector.store.InteractionStore;
import org.crmconnector.store.InteractionStore.Entry;
import org.crmconnector.store.LiveLimitException;
import org.crmconnector.store.SharedInteractionStore;
import org.junit.jupiter.api.Test;

/**
 * What a {@link SharedInteractionStore} must do beyond every store's
 * contract: here its reads by state and touched time, of one tenant and of
 * every tenant at once (what the sweeps of each node read).
 */
public abstract class SharedInteractionStoreContract extends InteractionStoreContract {

    private static final Set<InteractionState> LIVE = EnumSet.of(InteractionState.OFFERED, InteractionState.ACCEPTED,
            InteractionState.ENDED);

    private SharedInteractionStore shared() {
        return (SharedInteractionStore) store;
    }

    /** "tenant/id" of each entry, sorted: the reads promise no order. */
    private static Set<String> keys(List<Entry> entries) {
        Set<String> out = new TreeSet<>();
        entries.forEach(e -> out.add(e.tenantId() + "/" + e.interactionId()));
        return out;
    }

    /** Three tenants with a call in each live state, touched one second apart, and a tombstone each. */
    private void threeTenants() {
        int second = 0;
        for (String tenant : List.of("acme", "globex", "initech")) {
            for (InteractionState state : LIVE) {
                store.save(live(tenant, state.name().toLowerCase(), state, T0.plusSeconds(second++), tenant));
            }
            store.save(new InteractionStore.Entry(tenant, "done", InteractionState.FINISHED, T0, null));
        }
    }

    @Test
    void theReadOfEveryTenantFindsTheEntriesOfAllTenantsInTheStates() {
        threeTenants();
        assertEquals(Set.of("acme/ended", "globex/ended", "initech/ended"),
                keys(shared().entries(EnumSet.of(InteractionState.ENDED), null)));
        assertEquals(Set.of("acme/offered", "acme/accepted", "globex/offered", "globex/accepted", "initech/offered",
                "initech/accepted"),
                keys(shared().entries(EnumSet.of(InteractionState.OFFERED, InteractionState.ACCEPTED), null)));
    }

    @Test
    void theReadOfEveryTenantTakesOnlyEntriesTouchedBeforeTheCutOff() {
        threeTenants();
        // touched at T0+0..8 in order acme, globex, initech; before T0+4: acme's three and globex's first
        assertEquals(Set.of("acme/offered", "acme/accepted", "acme/ended", "globex/offered"),
                keys(shared().entries(LIVE, T0.plusSeconds(4))));
        assertEquals(Set.of(), keys(shared().entries(LIVE, T0)), "touched exactly at the cut-off is not before it");
    }

    @Test
    void theReadOfEveryTenantFindsFinalStatesOnlyWhenAskedFor() {
        threeTenants();
        assertEquals(Set.of("acme/done", "globex/done", "initech/done"),
                keys(shared().entries(EnumSet.of(InteractionState.FINISHED, InteractionState.REJECTED), null)));
        assertEquals(12, shared().entries(Set.of(), null).size(), "no states: all of them, tombstones too");
        List<Entry> finished = shared().entries(EnumSet.of(InteractionState.FINISHED), T0.plusSeconds(1));
        assertEquals(3, finished.size());
        finished.forEach(e -> assertNull(e.data(), "a tombstone keeps no data"));
    }

    @Test
    void theReadOfEveryTenantGivesEachEntryWithItsTenantAndData() {
        threeTenants();
        for (Entry e : shared().entries(EnumSet.of(InteractionState.ACCEPTED), null)) {
            assertSame(live(e.tenantId(), "accepted", InteractionState.ACCEPTED, e.touched(), e.tenantId()), e);
        }
    }

    @Test
    void theReadOfOneTenantStaysInsideIt() {
        threeTenants();
        assertEquals(Set.of("globex/offered", "globex/accepted"),
                keys(shared().entries("globex", EnumSet.of(InteractionState.OFFERED, InteractionState.ACCEPTED),
                        T0.plusSeconds(5))));
        assertEquals(Set.of(), keys(shared().entries("nobody", LIVE, null)));
    }

    @Test
    void theReadOfOwedPopsFindsOnlyTheLiveEntriesOwingOneSinceBeforeTheCutOffInEveryTenant() {
        threeTenants();
        store.save(owing("acme", "owes", InteractionState.OFFERED, T0, T0.plusSeconds(1)));
        store.save(owing("globex", "owes", InteractionState.ACCEPTED, T0.plusSeconds(9), T0.plusSeconds(2)));
        store.save(owing("initech", "later", InteractionState.OFFERED, T0, T0.plusSeconds(5)));
        store.save(owing("initech", "ended", InteractionState.ENDED, T0, T0));
        Entry owes = owing("acme", "owes", InteractionState.OFFERED, T0, T0.plusSeconds(1));
        assertEquals(Set.of("acme/owes", "globex/owes", "initech/ended"), keys(shared().owingPops(T0.plusSeconds(5))),
                "owing since exactly the cut-off is not before it; finished and owing-nothing entries are not read");
        List<Entry> early = shared().owingPops(T0.plusSeconds(2));
        assertEquals(Set.of("acme/owes", "initech/ended"), keys(early));
        assertSame(owes, early.stream().filter(e -> e.tenantId().equals("acme")).findFirst().orElseThrow());
        assertEquals(List.of(), shared().owingPops(T0));
    }

    @Test
    void anUpdateSetsAndClearsTheOwedPop() {
        shared().update("acme", "c1", none -> owing("acme", "c1", InteractionState.OFFERED, T0, T0));
        assertEquals(T0, shared().find("acme", "c1").orElseThrow().popOwedSince());
        assertEquals(Set.of("acme/c1"), keys(shared().owingPops(T0.plusSeconds(1))));
        shared().update("acme", "c1", current -> new Entry("acme", "c1", current.state(), current.touched(),
                current.data()));
        assertNull(shared().find("acme", "c1").orElseThrow().popOwedSince());
        assertEquals(List.of(), shared().owingPops(T0.plusSeconds(1)));
    }

    @Test
    void aTombstoneIsNeverReadAsOwingAPop() {
        store.save(owing("acme", "c1", InteractionState.OFFERED, T0, T0));
        store.save(new Entry("acme", "c1", InteractionState.FINISHED, T0.plusSeconds(1), null));
        assertEquals(List.of(), shared().owingPops(T0.plusSeconds(60)));
    }

    @Test
    void theReadOfEveryTenantOfAnEmptyStoreIsEmpty() {
        assertEquals(List.of(), shared().entries(LIVE, T0.plusSeconds(3600)));
    }

    // --- creations within the tenant's bound

    private Entry createWithin(String tenant, String id, int maxLive) {
        return shared().create(tenant, id, maxLive, current -> live(tenant, id, InteractionState.OFFERED, T0, id));
    }

    @Test
    void aCreationPastTheTenantsBoundIsRefusedAndStoresNothing() {
        createWithin("acme", "a", 2);
        createWithin("acme", "b", 2);
        boolean[] ran = new boolean[1];
        assertThrows(LiveLimitException.class, () -> shared().create("acme", "c", 2, current -> {
            ran[0] = true;
            return live("acme", "c", InteractionState.OFFERED, T0, "c");
        }));
        assertFalse(ran[0], "the change is not run");
        assertTrue(shared().find("acme", "c").isEmpty());
        createWithin("globex", "c", 2); // another tenant has its own bound

        // a finished call frees its place; replacing a tombstone is a creation like any other
        store.save(new InteractionStore.Entry("acme", "a", InteractionState.FINISHED, T0, null));
        createWithin("acme", "c", 2);
        assertThrows(LiveLimitException.class, () -> createWithin("acme", "a", 2));
        assertEquals(InteractionState.FINISHED, shared().find("acme", "a").orElseThrow().state());
    }

    @Test
    void aLiveEntryIsHandedToTheChangeWhateverTheBound() {
        createWithin("acme", "a", 1);
        Entry[] seen = new Entry[1];
        shared().create("acme", "a", 1, current -> {
            seen[0] = current;
            return null;
        });
        assertEquals("a", seen[0].interactionId(), "the change decides, as in update (the registry refuses it)");
    }

    @Test
    void concurrentCreationsNeverPassTheBound() throws Exception {
        int threads = 6;
        int perThread = 5;
        int bound = 7;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> made = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                made.add(pool.submit(() -> {
                    start.await();
                    int created = 0;
                    for (int i = 0; i < perThread; i++) {
                        try {
                            createWithin("acme", "t" + thread + "-" + i, bound);
                            created++;
                        } catch (LiveLimitException full) {
                            // the bound, as it should be
                        }
                    }
                    return created;
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> f : made) {
                total += f.get(60, TimeUnit.SECONDS);
            }
            assertEquals(bound, total, "exactly the bound was created");
            assertEquals(bound, shared().liveCount("acme"));
        } finally {
            pool.shutdownNow();
        }
    }
}
