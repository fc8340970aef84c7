package org.crmconnector.store.postgresql.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.crmconnector.store.OutboxItem;
import org.crmconnector.store.OutboxStore;
import org.crmconnector.testing.postgres.PostgresExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two nodes (two pools, two stores) claiming from one database at once,
 * several workers each: no item is delivered twice, none is lost, items of
 * one key are delivered in id order and never two at a time, and a node that
 * dies holding leases has its items taken over once they lapse.
 */
@ExtendWith(PostgresExtension.class)
class TwoNodeOutboxTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private SharedTestDatabase db;

    @BeforeEach
    void empty() throws Exception {
        db = SharedTestDatabase.empty();
    }

    @Test
    void workersOfTwoNodesDeliverEveryItemOnceInKeyOrder() throws Exception {
        OutboxStore nodeA = new PostgresOutboxStore(db.nodeA.pool("outbox"));
        OutboxStore nodeB = new PostgresOutboxStore(db.nodeB.pool("outbox"));
        int keys = 40;
        int perKey = 10;
        Map<String, List<Long>> appended = new ConcurrentHashMap<>();
        for (int i = 0; i < perKey; i++) {
            for (int k = 0; k < keys; k++) {
                String key = "call-" + k;
                long id = nodeA.append(new OutboxItem("acme", OutboxItem.Kind.LOG, key, "p" + i, T0));
                appended.computeIfAbsent(key, x -> Collections.synchronizedList(new ArrayList<>())).add(id);
            }
        }
        int total = keys * perKey;
        Map<String, List<Long>> delivered = new ConcurrentHashMap<>();
        Set<Long> deliveredIds = ConcurrentHashMap.newKeySet();
        Set<String> inFlight = ConcurrentHashMap.newKeySet();
        AtomicInteger duplicates = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> runs = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            OutboxStore node = w % 2 == 0 ? nodeA : nodeB;
            String nodeId = w % 2 == 0 ? "node-a" : "node-b";
            runs.add(workers.submit(() -> {
                start.await();
                while (done.get() < total) {
                    List<OutboxItem> claimed = node.claim("acme", 3, nodeId, T0, T0.plusSeconds(300));
                    for (OutboxItem item : claimed) {
                        if (!inFlight.add(item.orderingKey)) {
                            overlaps.incrementAndGet();
                        }
                        if (!deliveredIds.add(item.id)) {
                            duplicates.incrementAndGet();
                        }
                        delivered.computeIfAbsent(item.orderingKey, x -> Collections.synchronizedList(new ArrayList<>()))
                                .add(item.id);
                        inFlight.remove(item.orderingKey);
                        node.complete(item, null, T0);
                        done.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : runs) {
            f.get(120, TimeUnit.SECONDS);
        }
        workers.shutdownNow();
        assertEquals(0, duplicates.get(), "items delivered twice");
        assertEquals(0, overlaps.get(), "two items of one key in flight at once");
        assertEquals(total, deliveredIds.size());
        assertEquals(appended, delivered, "every key's items delivered in the order appended");
        assertEquals(Map.of(), nodeA.backlog());
    }

    @Test
    void aDeadNodesItemsAreTakenOverWhenItsLeasesLapse() {
        OutboxStore nodeA = new PostgresOutboxStore(db.nodeA.pool("outbox"));
        OutboxStore nodeB = new PostgresOutboxStore(db.nodeB.pool("outbox"));
        long id = nodeA.append(new OutboxItem("acme", OutboxItem.Kind.LOG, "call-1", "p", T0));
        assertEquals(1, nodeA.claim("acme", 10, "node-a", T0, T0.plusSeconds(60)).size());
        // node-a dies here: nothing is handed back
        assertEquals(List.of(), nodeB.claim("acme", 10, "node-b", T0.plusSeconds(59), T0.plusSeconds(120)));
        List<OutboxItem> taken = nodeB.claim("acme", 10, "node-b", T0.plusSeconds(60), T0.plusSeconds(120));
        assertEquals(List.of(id), taken.stream().map(i -> i.id).toList());
        // the dead node's late renewal does not take it back
        nodeA.renewLeases("node-a", taken, T0.plusSeconds(600));
        assertTrue(nodeA.claim("acme", 10, "node-a", T0.plusSeconds(119), T0.plusSeconds(600)).isEmpty());
    }
}
