package org.crmconnector.core.lifecycle;

import static org.crmconnector.core.lifecycle.InteractionRegistry.states;
import static org.crmconnector.interaction.InteractionState.ACCEPTED;
import static org.crmconnector.interaction.InteractionState.ENDED;
import static org.crmconnector.interaction.InteractionState.FINISHED;
import static org.crmconnector.interaction.InteractionState.OFFERED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Field;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.crmconnector.core.lifecycle.LifecycleException.Code;
import org.crmconnector.interaction.Interaction;
import org.crmconnector.interaction.InteractionState;
import org.crmconnector.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link InteractionRegistry} under many threads. Threads are released together
 * by a latch; nothing sleeps. The two "race" tests pin down one interleaving
 * deterministically by holding an entry's monitor (reached by reflection) while
 * a second thread is parked on it.
 */
@Timeout(60)
class InteractionRegistryConcurrencyTest {

    static final int THREADS = 16;
    static final String TENANT = "acme";

    MutableClock clock;
    InteractionRegistry registry;
    ExecutorService pool;

    @BeforeEach
    void setUp() {
        clock = new MutableClock(Instant.parse("2025-03-01T09:00:00Z"));
        registry = new InteractionRegistry(InteractionRegistryTest.config(600, 60), clock, new InMemoryInteractionStore());
        pool = Executors.newFixedThreadPool(THREADS);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }

    /** Runs every task at once (released by one latch) and returns their results in order. */
    <T> List<T> runTogether(List<Callable<T>> tasks) throws Exception {
        CountDownLatch ready = new CountDownLatch(tasks.size());
        CountDownLatch go = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> task : tasks) {
            futures.add(pool.submit(() -> {
                ready.countDown();
                go.await();
                return task.call();
            }));
        }
        // with more tasks than threads not all can be ready; release once the pool's threads are
        ready.await(Math.min(tasks.size(), THREADS) == tasks.size() ? 10 : 0, TimeUnit.SECONDS);
        go.countDown();
        List<T> out = new ArrayList<>();
        for (Future<T> f : futures) {
            out.add(f.get(30, TimeUnit.SECONDS));
        }
        return out;
    }

    /** What one attempt came to: "ok" or the error code. */
    static String attempt(Runnable call) {
        try {
            call.run();
            return "ok";
        } catch (LifecycleException e) {
            return e.code().name();
        }
    }

    @RepeatedTest(5)
    void distinctIdsAllCreatedAndCounted() throws Exception {
        List<Callable<List<String>>> tasks = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            tasks.add(() -> {
                List<String> out = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    String id = "t" + thread + "-" + i;
                    out.add(attempt(() -> registry.create(TENANT, id, OFFERED, 100_000, d -> { })));
                }
                return out;
            });
        }
        List<List<String>> results = runTogether(tasks);
        assertTrue(results.stream().flatMap(List::stream).allMatch("ok"::equals));
        assertEquals(THREADS * 100, registry.liveCount(TENANT));
        assertEquals(THREADS * 100, registry.list(TENANT).size());
    }

    @RepeatedTest(5)
    void identicalIdsExactlyOneCreateWinsEachTime() throws Exception {
        int ids = 50;
        Map<String, AtomicInteger> wins = new ConcurrentHashMap<>();
        AtomicInteger exists = new AtomicInteger();
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            long seed = t;
            tasks.add(() -> {
                List<Integer> order = new ArrayList<>();
                for (int i = 0; i < ids; i++) {
                    order.add(i);
                }
                Collections.shuffle(order, new Random(seed));
                for (int i : order) {
                    String id = "c" + i;
                    String r = attempt(() -> registry.create(TENANT, id, OFFERED, 100_000, d -> d.agentId = Thread.currentThread().getName()));
                    if (r.equals("ok")) {
                        wins.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                    } else {
                        assertEquals("INTERACTION_EXISTS", r);
                        exists.incrementAndGet();
                    }
                }
                return null;
            });
        }
        runTogether(tasks);
        assertEquals(ids, wins.size());
        wins.forEach((id, n) -> assertEquals(1, n.get(), id));
        assertEquals((THREADS - 1) * ids, exists.get());
        assertEquals(ids, registry.liveCount(TENANT));
        assertEquals(ids, registry.list(TENANT).size());
    }

    @RepeatedTest(3)
    void racingTransitionsOnSameIdsEachStepWinsOnce() throws Exception {
        int ids = 40;
        for (int i = 0; i < ids; i++) {
            registry.create(TENANT, "c" + i, OFFERED, 100_000, d -> { });
        }
        for (InteractionState[] step : new InteractionState[][] {{OFFERED, ACCEPTED}, {ACCEPTED, ENDED}, {ENDED, FINISHED}}) {
            Set<InteractionState> from = states(step[0]);
            InteractionState to = step[1];
            Map<String, AtomicInteger> wins = new ConcurrentHashMap<>();
            List<Callable<List<String>>> tasks = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                tasks.add(() -> {
                    List<String> out = new ArrayList<>();
                    for (int i = 0; i < ids; i++) {
                        String id = "c" + i;
                        String r = attempt(() -> registry.transition(TENANT, id, from, to, d -> d.comments = to.name()));
                        if (r.equals("ok")) {
                            wins.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                        }
                        out.add(r);
                    }
                    return out;
                });
            }
            List<String> all = runTogether(tasks).stream().flatMap(List::stream).toList();
            assertEquals(ids, wins.size(), "every id moved to " + to);
            wins.forEach((id, n) -> assertEquals(1, n.get(), id + " -> " + to));
            // losers see the move already made: illegal for a live target, finished for a final one
            String loser = to.isFinal() ? "INTERACTION_FINISHED" : "ILLEGAL_TRANSITION";
            assertEquals((THREADS - 1) * ids, all.stream().filter(loser::equals).count(), to.name());
        }
        assertEquals(0, registry.liveCount(TENANT));
        assertTrue(registry.list(TENANT).isEmpty());
    }

    @RepeatedTest(3)
    void boundHoldsUnderContention() throws Exception {
        int max = 150;
        List<Callable<List<String>>> tasks = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            tasks.add(() -> {
                List<String> out = new ArrayList<>();
                for (int i = 0; i < 25; i++) {
                    String id = "t" + thread + "-" + i;
                    out.add(attempt(() -> registry.create(TENANT, id, OFFERED, max, d -> { })));
                }
                return out;
            });
        }
        List<String> all = runTogether(tasks).stream().flatMap(List::stream).toList();
        assertEquals(max, all.stream().filter("ok"::equals).count());
        assertEquals(THREADS * 25 - max, all.stream().filter("TOO_MANY_INTERACTIONS"::equals).count());
        assertEquals(max, registry.liveCount(TENANT));
        assertEquals(max, registry.list(TENANT).size());
    }

    @RepeatedTest(3)
    void mixedLifecyclesKeepLiveCountConsistent() throws Exception {
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            tasks.add(() -> {
                int keptLive = 0;
                for (int i = 0; i < 60; i++) {
                    String id = "t" + thread + "-" + i;
                    registry.create(TENANT, id, OFFERED, 100_000, d -> { });
                    switch (i % 4) {
                        case 0 -> registry.transition(TENANT, id, states(OFFERED), InteractionState.REJECTED, d -> { });
                        case 1 -> {
                            registry.transition(TENANT, id, states(OFFERED), ACCEPTED, d -> { });
                            registry.transition(TENANT, id, states(ACCEPTED), ENDED, d -> { });
                            registry.transition(TENANT, id, states(ENDED), FINISHED, d -> { });
                            // the id is reused for a new conversation at once
                            registry.create(TENANT, id, OFFERED, 100_000, d -> { });
                            keptLive++;
                        }
                        case 2 -> {
                            registry.transition(TENANT, id, states(OFFERED), ACCEPTED, d -> { });
                            registry.update(TENANT, id, d -> d.comments = "x");
                            keptLive++;
                        }
                        default -> keptLive++;
                    }
                    registry.list(TENANT); // readers run alongside writers
                }
                return keptLive;
            });
        }
        int expected = runTogether(tasks).stream().mapToInt(Integer::intValue).sum();
        assertEquals(expected, registry.liveCount(TENANT));
        assertEquals(expected, registry.list(TENANT).size());
    }

    @Test
    void concurrentReCreateOverTombstoneOneWins() throws Exception {
        registry.create(TENANT, "c1", OFFERED, 100, d -> { });
        registry.transition(TENANT, "c1", states(OFFERED), InteractionState.REJECTED, d -> { });
        List<Callable<String>> tasks = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            tasks.add(() -> attempt(() -> registry.create(TENANT, "c1", OFFERED, 100, d -> { })));
        }
        List<String> results = runTogether(tasks);
        assertEquals(1, results.stream().filter("ok"::equals).count(), results.toString());
        assertEquals(THREADS - 1, results.stream().filter("INTERACTION_EXISTS"::equals).count());
        assertEquals(1, registry.liveCount(TENANT));
    }

    // ---- deterministic interleavings --------------------------------------------------------

    @SuppressWarnings("unchecked")
    static Object entryOf(InteractionRegistry r, String tenant, String id) throws Exception {
        Field tenants = InteractionRegistry.class.getDeclaredField("tenants");
        tenants.setAccessible(true);
        Object t = ((Map<String, ?>) tenants.get(r)).get(tenant);
        Field byId = t.getClass().getDeclaredField("byId");
        byId.setAccessible(true);
        Object e = ((Map<String, ?>) byId.get(t)).get(id);
        if (e == null) {
            fail("no entry " + id);
        }
        return e;
    }

    static void awaitBlocked(Thread t) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (t.getState() != Thread.State.BLOCKED) {
            if (System.nanoTime() > deadline || !t.isAlive()) {
                fail("thread never blocked on the entry; state " + t.getState());
            }
            Thread.onSpinWait();
        }
    }

    /**
     * A request that looked the entry up just before a timeout finished it
     * must not act on it as if it were live, nor count it out twice: it gets
     * "finished", and the live count stays right.
     */
    @Test
    void transitionRacingTimeoutGetsFinished() throws Exception {
        registry.create(TENANT, "c1", OFFERED, 100, d -> { });
        registry.transition(TENANT, "c1", states(OFFERED), ACCEPTED, d -> { });
        registry.transition(TENANT, "c1", states(ACCEPTED), ENDED, d -> { });
        clock.advanceSeconds(61);
        Set<InteractionState> fromEnded = states(ENDED);
        AtomicReference<Object> outcome = new AtomicReference<>();
        Object entry = entryOf(registry, TENANT, "c1");
        Thread worker = new Thread(() -> {
            try {
                outcome.set(registry.transition(TENANT, "c1", fromEnded, FINISHED, d -> d.dispositionCode = "Resolved"));
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        synchronized (entry) {
            worker.start();
            awaitBlocked(worker); // it has the entry and waits for its lock
            // same thread: re-enters the entry's lock
            assertTrue(registry.transitionIfIdle(TENANT, "c1", fromEnded, FINISHED, clock.instant().minusSeconds(60),
                    d -> d.dispositionCode = "Timed out", d -> { }).isPresent());
            assertEquals(0, registry.liveCount(TENANT));
        }
        worker.join(10_000);
        assertEquals(0, registry.liveCount(TENANT), "the live count must not go negative");
        LifecycleException e = assertInstanceOf(LifecycleException.class, outcome.get());
        assertEquals(Code.INTERACTION_FINISHED, e.code());
    }

    @Test
    void updateThatWinsOverATimeoutKeepsTheInteractionLive() throws Exception {
        registry.create(TENANT, "c1", OFFERED, 100, d -> { });
        clock.advanceSeconds(61);
        Instant idleBefore = clock.instant().minusSeconds(60);
        AtomicReference<Object> outcome = new AtomicReference<>();
        Object entry = entryOf(registry, TENANT, "c1");
        Thread worker = new Thread(() -> {
            try {
                outcome.set(registry.update(TENANT, "c1", d -> d.comments = "kept"));
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        synchronized (entry) {
            worker.start();
            awaitBlocked(worker);
        }
        worker.join(10_000);
        assertInstanceOf(Interaction.class, outcome.get(), String.valueOf(outcome.get()));
        clock.advanceSeconds(1);
        assertTrue(registry.transitionIfIdle(TENANT, "c1", states(OFFERED), FINISHED, idleBefore, d -> { }, d -> { })
                .isEmpty(), "touched since: the timeout leaves it alone");
        assertEquals("kept", registry.get(TENANT, "c1").comments);
        assertEquals(1, registry.liveCount(TENANT));
    }

    /**
     * Re-creating an id whose tombstone the sweeper removes at the same moment
     * must succeed: nothing exists any more. It used to fail with
     * INTERACTION_EXISTS "created concurrently".
     */
    @Test
    void reCreateRacingTombstoneSweepSucceeds() throws Exception {
        registry.create(TENANT, "c1", OFFERED, 100, d -> { });
        registry.transition(TENANT, "c1", states(OFFERED), InteractionState.REJECTED, d -> { });
        clock.advanceSeconds(601); // past the grace period
        AtomicReference<Object> outcome = new AtomicReference<>();
        Object tombstone = entryOf(registry, TENANT, "c1");
        Thread worker = new Thread(() -> {
            try {
                outcome.set(registry.create(TENANT, "c1", OFFERED, 100, d -> d.callerNumber = "+2"));
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        synchronized (tombstone) {
            worker.start();
            awaitBlocked(worker); // it found the tombstone and waits for its lock
            assertEquals(1, registry.sweep());
        }
        worker.join(10_000);
        Interaction created = assertInstanceOf(Interaction.class, outcome.get(), String.valueOf(outcome.get()));
        assertEquals(OFFERED, created.state);
        assertEquals("+2", registry.get(TENANT, "c1").callerNumber);
        assertEquals(1, registry.liveCount(TENANT));
    }
}
