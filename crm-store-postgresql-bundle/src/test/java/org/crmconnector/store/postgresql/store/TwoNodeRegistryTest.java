package org.crmconnector.store.postgresql.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.function.Predicate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.crmconnector.core.lifecycle.InteractionRegistry;
import org.crmconnector.core.lifecycle.InteractionRegistryConfig;
import org.crmconnector.core.lifecycle.LifecycleException;
import org.crmconnector.interaction.Interaction;
import org.crmconnector.interaction.InteractionState;
import org.crmconnector.testing.ComponentConfig;
import org.crmconnector.testing.MutableClock;
import org.crmconnector.testing.postgres.PostgresExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The core's interaction registry on two nodes sharing the PostgreSQL store:
 * events of one call arriving at both nodes at once are serialised by the
 * database, so no change is lost and a move is made by one node only.
 */
@ExtendWith(PostgresExtension.class)
class TwoNodeRegistryTest {

    private SharedTestDatabase db;
    private InteractionRegistry nodeA;
    private InteractionRegistry nodeB;

    @BeforeEach
    void nodes() throws Exception {
        db = SharedTestDatabase.empty();
        InteractionRegistryConfig config = ComponentConfig.of(InteractionRegistryConfig.class, "max_cavs", 1000);
        nodeA = new InteractionRegistry(config, Clock.systemUTC(),
                new PostgresInteractionStore(db.nodeA.pool("interactions")));
        nodeB = new InteractionRegistry(config, Clock.systemUTC(),
                new PostgresInteractionStore(db.nodeB.pool("interactions")));
    }

    @Test
    void concurrentChangesFromTwoNodesAreAllKept() throws Exception {
        nodeA.create("acme", "call-1", InteractionState.OFFERED, 100, i -> { });
        int threadsPerNode = 4;
        int changesPerThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threadsPerNode * 2);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> runs = new ArrayList<>();
        for (int t = 0; t < threadsPerNode * 2; t++) {
            InteractionRegistry node = t % 2 == 0 ? nodeA : nodeB;
            String thread = "t" + t;
            runs.add(pool.submit(() -> {
                start.await();
                for (int n = 0; n < changesPerThread; n++) {
                    String key = thread + "-" + n;
                    node.update("acme", "call-1", i -> i.attributes.put(key, "x"));
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : runs) {
            f.get(120, TimeUnit.SECONDS);
        }
        pool.shutdownNow();
        Interaction seenByA = nodeA.get("acme", "call-1");
        assertEquals(threadsPerNode * 2 * changesPerThread, seenByA.attributes.size());
        assertEquals(seenByA.attributes, nodeB.get("acme", "call-1").attributes);
    }

    @Test
    void aMoveRacedOnTwoNodesIsMadeOnceAndTheOtherIsRefused() throws Exception {
        for (int round = 0; round < 20; round++) {
            String id = "call-" + round;
            nodeA.create("acme", id, InteractionState.OFFERED, 100, i -> { });
            AtomicInteger logs = new AtomicInteger();
            AtomicInteger refused = new AtomicInteger();
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<Future<?>> runs = new ArrayList<>();
            for (InteractionRegistry node : List.of(nodeA, nodeB)) {
                runs.add(pool.submit(() -> {
                    start.await();
                    try {
                        node.transition("acme", id, InteractionRegistry.states(InteractionState.OFFERED),
                                InteractionState.REJECTED, i -> { }, done -> logs.incrementAndGet());
                    } catch (LifecycleException e) {
                        refused.incrementAndGet();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : runs) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdownNow();
            assertEquals(1, logs.get(), "the log of the move stored once");
            assertEquals(1, refused.get());
        }
    }

    @Test
    void bothNodesSeeCreationsAndTheSameIdIsCreatedOnce() {
        nodeA.create("acme", "call-1", InteractionState.OFFERED, 100, i -> i.callerNumber = "+4930");
        assertEquals("+4930", nodeB.get("acme", "call-1").callerNumber);
        LifecycleException exists = assertThrows(LifecycleException.class,
                () -> nodeB.create("acme", "call-1", InteractionState.OFFERED, 100, i -> { }));
        assertEquals(LifecycleException.Code.INTERACTION_EXISTS, exists.code());
        assertEquals(1, nodeB.liveCount("acme"));
        assertEquals(1, nodeA.list("acme").size());
        nodeB.transition("acme", "call-1", InteractionRegistry.states(InteractionState.OFFERED), InteractionState.REJECTED,
                i -> { });
        LifecycleException finished = assertThrows(LifecycleException.class, () -> nodeA.get("acme", "call-1"));
        assertEquals(LifecycleException.Code.INTERACTION_FINISHED, finished.code());
        assertEquals(0, nodeA.liveCount("acme"));
    }

    @Test
    void anOwedPopIsClaimedByOneNodeOnlyAndWhenShownByNone() throws Exception {
        MutableClock clock = MutableClock.startingNow();
        InteractionRegistryConfig config = ComponentConfig.of(InteractionRegistryConfig.class);
        InteractionRegistry a = new InteractionRegistry(config, clock,
                new PostgresInteractionStore(db.nodeA.pool("interactions")));
        InteractionRegistry b = new InteractionRegistry(config, clock,
                new PostgresInteractionStore(db.nodeB.pool("interactions")));
        int calls = 20;
        for (int n = 0; n < calls; n++) {
            // each owed by its create's save; node A dies before it publishes any of them
            a.create("acme", "call-" + n, InteractionState.OFFERED, 100, i -> i.agentId = "agent-1", i -> true);
        }
        a.create("acme", "quiet", InteractionState.OFFERED, 100, i -> { }, i -> false);
        a.create("acme", "shown", InteractionState.OFFERED, 100, i -> { }, i -> true);
        a.popShown("acme", "shown", i -> { });
        Duration overdue = Duration.ofSeconds(8);
        assertEquals(List.of(), claimOwedPops(b, "acme", overdue, i -> true), "not overdue yet");
        clock.advanceSeconds(9);

        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Interaction>>> claims = new ArrayList<>();
        for (InteractionRegistry node : List.of(a, b)) {
            claims.add(pool.submit(() -> {
                start.await();
                return claimOwedPops(node, "acme", overdue, i -> true);
            }));
        }
        start.countDown();
        Set<String> claimed = new HashSet<>();
        int total = 0;
        for (Future<List<Interaction>> f : claims) {
            for (Interaction i : f.get(60, TimeUnit.SECONDS)) {
                claimed.add(i.interactionId);
                total++;
            }
        }
        pool.shutdownNow();
        assertEquals(calls, total, "each owed pop claimed by one node only");
        assertEquals(calls, claimed.size());
        assertFalse(claimed.contains("shown"));
        assertFalse(claimed.contains("quiet"));
        assertEquals(List.of(), claimOwedPops(b, "acme", overdue, i -> true), "claimed ones wait another delay");
    }

    /** One tenant's claim, through the sweep's claim over every tenant. */
    private static List<Interaction> claimOwedPops(InteractionRegistry registry, String tenantId, Duration owedFor,
            Predicate<Interaction> wanted) {
        return registry.claimOwedPops(owedFor, t -> t.equals(tenantId) ? wanted : null)
                .getOrDefault(tenantId, List.of());
    }
}
