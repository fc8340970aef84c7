package org.crmconnector.core.outbox;

import static org.crmconnector.core.outbox.TestSupport.T0;
import static org.crmconnector.core.outbox.TestSupport.await;
import static org.crmconnector.core.outbox.TestSupport.bind;
import static org.crmconnector.core.outbox.TestSupport.interaction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.crmconnector.core.routing.AdapterRouter;
import org.crmconnector.crm.CrmRecordRef;
import org.crmconnector.crm.DeliveryResult;
import org.crmconnector.crm.DispositionUpdate;
import org.crmconnector.crm.InteractionLog;
import org.crmconnector.crm.Trigger;
import org.crmconnector.crm.TriggerEvent;
import org.crmconnector.interaction.Channel;
import org.crmconnector.interaction.Interaction;
import org.crmconnector.store.OutboxItem;
import org.crmconnector.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxTest {

    private static final String ACME = "acme";
    private static final String GLOBEX = "globex";

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);
    private final AdapterRouter router = new AdapterRouter();
    private final Map<String, String> instances = new ConcurrentHashMap<>(
            Map.of(ACME, "crm-acme", GLOBEX, "crm-globex"));
    private Outbox outbox;

    @AfterEach
    void closeOutbox() {
        if (outbox != null) {
            outbox.close();
        }
    }

    private Outbox open(Map<String, Object> config) {
        outbox = new Outbox(TestSupport.config(config), TestSupport.NODE, new MvStoreOutboxStore(dir),
                tenantId -> Optional.ofNullable(instances.get(tenantId)), router, clock, () -> 0.5);
        return outbox;
    }

    private Outbox open() {
        return open(Map.of());
    }

    private long enqueueLog(String tenantId, String interactionId) {
        return outbox.enqueue(tenantId, OutboxItem.Kind.LOG, null,
                new InteractionLog(interaction(tenantId, interactionId), null));
    }

    /** Waits for the tenant to have no work running, so the next clock move is not raced by a running delivery. */
    private void awaitIdle(String tenantId, long failed) {
        await(tenantId + " idle after " + failed + " failures",
                () -> outbox.stats(tenantId).inFlight() == 0 && outbox.stats(tenantId).failed() == failed);
    }

    @Test
    void itemsStoredBeforeAStopAreDeliveredAfterTheRestart() {
        open();
        enqueueLog(ACME, "i1");
        enqueueLog(ACME, "i2");
        outbox.close();
        outbox = null;

        FakeCrm crm = new FakeCrm();
        bind(router, "crm-acme", crm, 1);
        open();
        await("both logs delivered", () -> crm.logCount() == 2);
        assertEquals(List.of("i1", "i2"), crm.loggedKeys());
        Interaction delivered = crm.logBatches.get(0).get(0).interaction;
        assertEquals("notes for i1", delivered.comments);
        assertEquals(T0.minusSeconds(10), delivered.endTime);
        assertEquals(Channel.CHAT, delivered.channel);
        assertEquals(4711, delivered.customFields.get("orderNo"));
        await("backlog empty", () -> outbox.stats(ACME).pending() == 0);
    }

    @Test
    void aDrainFinishesTheRunningDeliveryClaimsNothingMoreAndLeavesNothingLeased() throws Exception {
        FakeCrm crm = new FakeCrm();
        CountDownLatch gate = new CountDownLatch(1);
        crm.gate = gate;
        bind(router, "crm-acme", crm, 1);
        // one delivery of the tenant at a time: i2 waits, unclaimed, behind i1
        open(Map.of("tenant_max_in_flight", 1));
        enqueueLog(ACME, "i1");
        await("i1's delivery is running", () -> crm.running.get() == 1);
        enqueueLog(ACME, "i2");

        Thread drain = new Thread(() -> outbox.drain(Duration.ofSeconds(30)));
        drain.start();
        // the drain waits (for the dispatcher, then the workers) only after it stopped claiming
        await("the drain waits for the running delivery", () -> drain.getState() == Thread.State.TIMED_WAITING);
        gate.countDown();
        drain.join(30_000);
        assertFalse(drain.isAlive());
        assertEquals(List.of("i1"), crm.loggedKeys(), "the running delivery finished, nothing new was claimed");
        assertEquals(0, outbox.stats(ACME).inFlight());
        assertEquals(1, outbox.stats(ACME).pending());
        // accepted while the node drains: stored, for the next start or another node
        enqueueLog(ACME, "i3");
        outbox.close();

        // the next start finds no lease to recover, and delivers the rest once
        try (MvStoreOutboxStore store = new MvStoreOutboxStore(dir)) {
            assertEquals(0, store.releaseAll(TestSupport.NODE), "the drain handed every lease back");
        }
        open();
        await("the rest delivered", () -> crm.logCount() == 3);
        assertEquals(List.of("i1", "i2", "i3"), crm.loggedKeys());
    }

    @Test
    void itemsLeasedByACrashedNodeAreDeliveredWhenTheLeaseLapses() {
        try (MvStoreOutboxStore store = new MvStoreOutboxStore(dir)) {
            store.append(new OutboxItem(ACME, OutboxItem.Kind.LOG, "i1",
                    OutboxJson.write(new InteractionLog(interaction(ACME, "i1"), null)), T0));
            assertEquals(1, store.claim(ACME, 10, "crashed-node", T0, T0.plusSeconds(120)).size());
            // the node dies mid-delivery: its lease stays in the file
        }
        FakeCrm crm = new FakeCrm();
        bind(router, "crm-acme", crm, 1);
        clock.advance(Duration.ofSeconds(121));
        open();
        await("the leased log delivered again", () -> crm.logCount() == 1);
        await("backlog empty", () -> outbox.stats(ACME).pending() == 0);
    }

    @Test
    void aRestartedNodeTakesBackItsOwnLeasesAtOnce() {
        try (MvStoreOutboxStore store = new MvStoreOutboxStore(dir)) {
            store.append(new OutboxItem(ACME, OutboxItem.Kind.LOG, "i1",
                    OutboxJson.write(new InteractionLog(interaction(ACME, "i1"), null)), T0));
            store.claim(ACME, 10, TestSupport.NODE, T0, T0.plusSeconds(120));
        }
        FakeCrm crm = new FakeCrm();
        bind(router, "crm-acme", crm, 1);
        open();
        await("the log delivered without waiting for the lease", () -> crm.logCount() == 1);
    }

    @Test
    void theLogGoesBeforeItsDispositionWhichUpdatesTheSameRecord() {
        FakeCrm crm = new FakeCrm();
        CountDownLatch gate = new CountDownLatch(1);
        crm.gate = gate;
        bind(router, "crm-acme", crm, 1);
        open();
        Interaction call = interaction(ACME, "i1");
        enqueueLog(ACME, "i1");
        outbox.enqueue(ACME, OutboxItem.Kind.DISPOSITION, null, new DispositionUpdate(call, "SOLD", null));
        outbox.enqueue(ACME, OutboxItem.Kind.TRIGGER, null, new TriggerEvent(Trigger.FINISHED, call));

        await("the log delivery started", () -> crm.running.get() == 1);
        assertEquals(1, crm.running.get(), "nothing else of the interaction runs while its log is in flight");
        assertTrue(crm.dispositions.isEmpty());
        gate.countDown();

        await("all three delivered", () -> crm.calls.size() == 3);
        assertEquals(List.of("LOG:i1", "DISPOSITION:i1", "TRIGGER:i1#0@FINISHED"), crm.calls);
        CrmRecordRef record = crm.dispositions.get(0).record;
        assertEquals("T-i1", record.id);
        assertEquals("SOLD", crm.dispositions.get(0).dispositionCode);
    }

    @Test
    void aRedeliveredLogUpdatesTheRecordItsFirstDeliveryWrote() {
        FakeCrm crm = new FakeCrm();
        bind(router, "crm-acme", crm, 1);
        open();
        enqueueLog(ACME, "i1");
        await("first delivery", () -> crm.logCount() == 1 && outbox.stats(ACME).pending() == 0);
        assertNull(crm.logBatches.get(0).get(0).existingRecord);
        enqueueLog(ACME, "i1");
        await("second delivery", () -> crm.logCount() == 2);
        assertEquals("T-i1", crm.logBatches.get(1).get(0).existingRecord.id);
    }

    @Test
    void retriesWithBackoffUntilTheCrmAcceptsIt() {
        FakeCrm crm = new FakeCrm();
        AtomicInteger tries = new AtomicInteger();
        crm.onLog = log -> tries.incrementAndGet() < 3 ? DeliveryResult.retry("CRM down")
                : DeliveryResult.ok(new CrmRecordRef("Task", "T1", null));
        bind(router, "crm-acme", crm, 1);
        open(Map.of("backoff_base_millis", 1000L));
        enqueueLog(ACME, "i1");

        awaitIdle(ACME, 1);
        assertEquals(1, tries.get());
        // the second attempt is due one second later, the third two seconds after that
        clock.advance(Duration.ofMillis(999));
        outbox.wakeUp();
        clock.advance(Duration.ofMillis(1));
        outbox.wakeUp();
        awaitIdle(ACME, 2);
        assertEquals(2, tries.get());
        clock.advance(Duration.ofSeconds(2));
        outbox.wakeUp();
        await("delivered on the third attempt", () -> outbox.stats(ACME).delivered() == 1);
        assertEquals(3, tries.get());
        assertTrue(outbox.deadLetters(ACME).isEmpty());
    }

    @Test
    void anAdapterExceptionIsRetried() {
        FakeCrm crm = new FakeCrm();
        AtomicInteger tries = new AtomicInteger();
        crm.onLog = log -> {
            if (tries.incrementAndGet() == 1) {
                throw new IllegalStateException("connection reset");
            }
            return DeliveryResult.ok();
        };
        bind(router, "crm-acme", crm, 1);
        open();
        enqueueLog(ACME, "i1");
        awaitIdle(ACME, 1);
        clock.advance(Duration.ofHours(1));
        outbox.wakeUp();
        await("delivered on the second attempt", () -> outbox.stats(ACME).delivered() == 1);
        assertEquals(2, tries.get());
    }

    @Test
    void aCancelMakesADeadLetterWithTheCrmsMessage() {
        FakeCrm crm = new FakeCrm();
        crm.onLog = log -> DeliveryResult.cancel("Subject is required");
        bind(router, "crm-acme", crm, 1);
        open();
        long id = enqueueLog(ACME, "i1");
        await("dead letter", () -> outbox.deadLetters(ACME).size() == 1);
        OutboxItem dead = outbox.deadLetters(ACME).get(0);
        assertEquals(id, dead.id);
        assertTrue(dead.lastError.contains("Subject is required"), dead.lastError);
        assertEquals(1, dead.attempts);
        assertEquals(1, crm.logCount(), "never retried");
        assertEquals(1, outbox.stats(ACME).dead());
        assertEquals(0, outbox.stats(ACME).pending());
    }

    @Test
    void afterMaxAttemptsTheItemIsADeadLetter() {
        FakeCrm crm = new FakeCrm();
        crm.onLog = log -> DeliveryResult.retry("still down");
        bind(router, "crm-acme", crm, 1);
        open(Map.of("max_attempts", 3, "breaker_failure_threshold", 100));
        enqueueLog(ACME, "i1");
        for (int attempt = 1; attempt < 3; attempt++) {
            awaitIdle(ACME, attempt);
            clock.advance(Duration.ofHours(1));
            outbox.wakeUp();
        }
        await("dead letter", () -> outbox.deadLetters(ACME).size() == 1);
        OutboxItem dead = outbox.deadLetters(ACME).get(0);
        assertEquals(3, dead.attempts);
        assertEquals("Gave up after 3 attempts: still down", dead.lastError);
        assertEquals(3, crm.logCount());
    }

    @Test
    void deadLettersCanBeRetriedOrDiscarded() {
        FakeCrm crm = new FakeCrm();
        crm.onLog = log -> DeliveryResult.cancel("rejected");
        bind(router, "crm-acme", crm, 1);
        open();
        long first = enqueueLog(ACME, "i1");
        long second = enqueueLog(ACME, "i2");
        await("two dead letters", () -> outbox.deadLetters(ACME).size() == 2);

        crm.onLog = log -> DeliveryResult.ok();
        assertTrue(outbox.retryDeadLetter(ACME, first));
        await("retried letter delivered", () -> outbox.stats(ACME).delivered() == 1);
        assertEquals(List.of(second), outbox.deadLetters(ACME).stream().map(i -> i.id).toList());

        assertTrue(outbox.discardDeadLetter(ACME, second));
        assertTrue(outbox.deadLetters(ACME).isEmpty());
        assertFalse(outbox.retryDeadLetter(ACME, second), "a discarded letter is gone");
        assertEquals(3, crm.logCount());
    }

    @Test
    void retryAllRevivesEveryDeadLetterOfTheTenant() {
        FakeCrm crm = new FakeCrm();
        crm.onLog = log -> DeliveryResult.cancel("rejected");
        bind(router, "crm-acme", crm, 1);
        open();
        enqueueLog(ACME, "i1");
        enqueueLog(ACME, "i2");
        await("two dead letters", () -> outbox.deadLetters(ACME).size() == 2);
        crm.onLog = log -> DeliveryResult.ok();
        assertEquals(2, outbox.retryAll(ACME));
        await("both delivered", () -> outbox.stats(ACME).delivered() == 2);
    }

    @Test
    void oneTenantCannotSeeRetryOrDiscardAnothersDeadLetters() {
        FakeCrm crm = new FakeCrm();
        crm.onLog = log -> DeliveryResult.cancel("rejected");
        bind(router, "crm-acme", crm, 1);
        open();
        long id = enqueueLog(ACME, "i1");
        await("dead letter", () -> outbox.deadLetters(ACME).size() == 1);

        assertTrue(outbox.deadLetters(GLOBEX).isEmpty());
        assertFalse(outbox.retryDeadLetter(GLOBEX, id));
        assertFalse(outbox.discardDeadLetter(GLOBEX, id));
        assertEquals(0, outbox.retryAll(GLOBEX));
        assertEquals(List.of(id), outbox.deadLetters(ACME).stream().map(i -> i.id).toList());
        assertEquals(0, outbox.stats(GLOBEX).dead());
        assertThrows(IllegalArgumentException.class, () -> outbox.deadLetters("acme\nx"));
    }

    @Test
    void withoutAnAdapterItemsWaitUnattemptedUntilOneIsBound() {
        open();
        enqueueLog(ACME, "i1");
        enqueueLog(ACME, "i2");
        outbox.wakeUp();
        assertEquals(2, outbox.stats(ACME).pending());
        assertEquals(0, outbox.stats(ACME).failed());

        // a replacement adapter for the instance appears (hot swap): the router's listener wakes the workers
        FakeCrm crm = new FakeCrm();
        bind(router, "crm-acme", crm, 7);
        await("both delivered", () -> crm.logCount() == 2);
        assertEquals(0, outbox.stats(ACME).failed());
        assertEquals(0, outbox.metrics().get("retried"));
    }

    @Test
    void workSurvivesAnAdapterSwap() {
        FakeCrm old = new FakeCrm();
        CountDownLatch gate = new CountDownLatch(1);
        old.gate = gate;
        bind(router, "crm-acme", old, 1);
        open();
        enqueueLog(ACME, "i1");
        await("delivery running on the old adapter", () -> old.running.get() == 1);
        TestSupport.unbind(router, "crm-acme", old, 1);
        enqueueLog(ACME, "i2");
        gate.countDown();
        await("the first log finished", () -> outbox.stats(ACME).delivered() == 1);

        FakeCrm replacement = new FakeCrm();
        bind(router, "crm-acme", replacement, 2);
        await("the second log delivered by the replacement", () -> replacement.logCount() == 1);
        assertEquals(List.of("i2"), replacement.loggedKeys());
        assertEquals(List.of("i1"), old.loggedKeys());
    }

    @Test
    void readyLogsAreSentInBatches() {
        open();
        int logs = 450;
        for (int i = 0; i < logs; i++) {
            enqueueLog(ACME, "i" + i);
        }
        FakeCrm crm = new FakeCrm();
        bind(router, "crm-acme", crm, 1);
        await("all delivered", () -> crm.logCount() == logs);
        assertEquals((logs + 199) / 200, crm.logBatches.size());
        // batches run side by side, so they may finish in any order
        assertEquals(List.of(200, 200, 50), crm.logBatches.stream().map(List::size)
                .sorted(java.util.Comparator.reverseOrder()).toList());
        assertEquals(logs, new HashSet<>(crm.loggedKeys()).size(), "each log once");
    }

    @Test
    void aSlowTenantDoesNotHoldUpAnother() {
        FakeCrm slow = new FakeCrm();
        CountDownLatch gate = new CountDownLatch(1);
        slow.gate = gate;
        FakeCrm fast = new FakeCrm();
        bind(router, "crm-acme", slow, 1);
        bind(router, "crm-globex", fast, 2);
        open(Map.of("worker_threads", 4, "tenant_max_in_flight", 2));
        for (int i = 0; i < 10; i++) {
            outbox.enqueue(ACME, OutboxItem.Kind.DISPOSITION, null,
                    new DispositionUpdate(interaction(ACME, "a" + i), "X", null));
        }
        await("the slow tenant uses its two slots", () -> slow.running.get() == 2);
        for (int i = 0; i < 10; i++) {
            outbox.enqueue(GLOBEX, OutboxItem.Kind.DISPOSITION, null,
                    new DispositionUpdate(interaction(GLOBEX, "g" + i), "X", null));
        }
        await("the other tenant delivered", () -> fast.dispositions.size() == 10);
        assertEquals(2, slow.running.get(), "never more than the per-tenant limit");
        assertEquals(2, outbox.stats(ACME).inFlight());
        gate.countDown();
        await("the slow tenant catches up", () -> slow.dispositions.size() == 10);
    }

    @Test
    void aFailingCrmOpensItsCircuitWithoutHoldingUpAnotherTenant() {
        FakeCrm failing = new FakeCrm();
        failing.onDisposition = u -> DeliveryResult.retry("503");
        FakeCrm healthy = new FakeCrm();
        bind(router, "crm-acme", failing, 1);
        bind(router, "crm-globex", healthy, 2);
        open(Map.of("breaker_failure_threshold", 2, "breaker_open_seconds", 30L, "tenant_max_in_flight", 1));
        outbox.enqueue(ACME, OutboxItem.Kind.DISPOSITION, null,
                new DispositionUpdate(interaction(ACME, "a1"), "X", null));
        outbox.enqueue(ACME, OutboxItem.Kind.DISPOSITION, null,
                new DispositionUpdate(interaction(ACME, "a2"), "X", null));
        awaitIdle(ACME, 2);
        assertEquals("OPEN", outbox.stats(ACME).breakerState());

        outbox.enqueue(GLOBEX, OutboxItem.Kind.DISPOSITION, null,
                new DispositionUpdate(interaction(GLOBEX, "g1"), "X", null));
        await("the other tenant delivered", () -> healthy.dispositions.size() == 1);

        // past the backoff but inside the open time: nothing is tried
        clock.advance(Duration.ofSeconds(20));
        outbox.wakeUp();
        outbox.enqueue(GLOBEX, OutboxItem.Kind.DISPOSITION, null,
                new DispositionUpdate(interaction(GLOBEX, "g2"), "X", null));
        await("the other tenant delivered again", () -> healthy.dispositions.size() == 2);
        assertEquals(2, failing.dispositions.size());

        // open time over: one probe goes, succeeds, and the circuit closes
        failing.onDisposition = u -> DeliveryResult.ok();
        clock.advance(Duration.ofSeconds(11));
        outbox.wakeUp();
        await("acme recovered", () -> outbox.stats(ACME).delivered() == 2);
        assertEquals("CLOSED", outbox.stats(ACME).breakerState());
        assertEquals(4, failing.dispositions.size());
    }

    @Test
    void aFullTenantQueueRefusesNewWork() {
        open(Map.of("tenant_max_pending", 2));
        enqueueLog(ACME, "i1");
        enqueueLog(ACME, "i2");
        OutboxFullException full = assertThrows(OutboxFullException.class, () -> enqueueLog(ACME, "i3"));
        assertEquals(ACME, full.tenantId());
        assertEquals(2, full.limit());
        enqueueLog(GLOBEX, "g1");
        assertEquals(1, outbox.metrics().get("refused"));

        FakeCrm crm = new FakeCrm();
        bind(router, "crm-acme", crm, 1);
        await("room again", () -> outbox.stats(ACME).pending() == 0);
        enqueueLog(ACME, "i3");
    }

    @Test
    void aPayloadMustFitItsKind() {
        open();
        assertThrows(IllegalArgumentException.class, () -> outbox.enqueue(ACME, OutboxItem.Kind.DISPOSITION, "k",
                new InteractionLog(interaction(ACME, "i1"), null)));
        assertThrows(IllegalArgumentException.class,
                () -> outbox.enqueue(ACME, OutboxItem.Kind.LOG, null, new InteractionLog(null, null)));
        assertEquals(0, outbox.stats(ACME).pending());
    }

    @Test
    void statsDescribeEachTenant() {
        open();
        enqueueLog(ACME, "i1");
        clock.advance(Duration.ofSeconds(90));
        TenantStats stats = outbox.stats(ACME);
        assertEquals(1, stats.pending());
        assertEquals(Duration.ofSeconds(90), stats.oldestPendingAge());
        assertEquals("crm-acme", stats.adapterInstance());
        assertEquals("CLOSED", stats.breakerState());
        assertTrue(outbox.stats().containsKey(ACME));
        assertFalse(outbox.stats().containsKey(GLOBEX));
        assertEquals(1, outbox.metrics().get("enqueued"));
        assertTrue(outbox.metrics().get("store.commits") >= 1);
    }
}
