package org.crmconnector.core.outbox;

import static org.crmconnector.core.outbox.TestSupport.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
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

import org.crmconnector.core.store.CrashCopy;
import org.crmconnector.crm.CrmRecordRef;
import org.crmconnector.crm.InteractionLog;
import org.crmconnector.store.OutboxItem;
import org.crmconnector.store.OutboxStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MvStoreOutboxStoreTest {

    @TempDir
    Path dir;

    private static OutboxItem log(String tenantId, String key) {
        String json = OutboxJson.write(new InteractionLog(TestSupport.interaction(tenantId, key), null));
        return new OutboxItem(tenantId, OutboxItem.Kind.LOG, key, json, T0);
    }

    @Test
    void callerDataIsWrittenReadableByTheServersUserOnly() throws Exception {
        Path folder = dir.resolve("data/outbox");
        try (MvStoreOutboxStore store = new MvStoreOutboxStore(folder)) {
            store.append(log("acme", "i1"));
        }
        try (java.util.stream.Stream<Path> written = java.nio.file.Files.walk(dir.resolve("data"))) {
            for (Path p : written.toList()) {
                assertEquals(java.nio.file.Files.isDirectory(p) ? "rwx------" : "rw-------",
                        java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(p)),
                        p.toString());
            }
        }
    }

    @Test
    void appendedItemsSurviveCloseAndReopenAndIdsKeepGrowing() {
        long first;
        try (MvStoreOutboxStore store = new MvStoreOutboxStore(dir)) {
            first = store.append(log("acme", "i1"));
            store.append(log("acme", "i2"));
        }
        try (MvStoreOutboxStore store = new MvStoreOutboxStore(dir)) {
            assertEquals(2, store.backlog().get("acme").pending());
            List<OutboxItem> claimed = store.claim("acme", 10, "n1", T0, T0.plusSeconds(60));
            assertEquals(List.of("i1", "i2"), claimed.stream().map(i -> i.orderingKey).toList());
            assertEquals("notes for i1",
                    OutboxJson.read(claimed.get(0).payload, InteractionLog.class).interaction.comments);
            store.complete(claimed.get(0), null, T0);
            store.complete(claimed.get(1), null, T0);
        }
        try (MvStoreOutboxStore store = new MvStoreOutboxStore(dir)) {
            assertTrue(store.backlog().isEmpty());
            assertTrue(store.append(log("acme", "i3")) > first + 1, "ids are never reused");
        }
    }

    private static String notesOf(OutboxItem item) {
        return OutboxJson.read(item.payload, InteractionLog.class).interaction.comments;
    }

    private static String logWithNotes(String tenantId, String key, String notes) {
        InteractionLog log = new InteractionLog(TestSupport.interaction(tenantId, key), null);
        log.interaction.comments = notes;
        return OutboxJson.write(log);
    }

    @Test
    void appendsMergesAndCompletionsAreBackAfterACrashFromTheJournal() throws Exception {
        Path live = dir.resolve("live");
        Path crashed;
        long merged;
        long dead;
        // checkpoints only at start: everything below is in the journal alone when the copy is taken
        try (MvStoreOutboxStore store = new MvStoreOutboxStore(live, null, 3_600_000, Long.MAX_VALUE)) {
            merged = store.append(log("acme", "merged"));
            store.supersede("acme", OutboxItem.Kind.LOG, "merged", logWithNotes("acme", "merged", "wrap-up"));
            store.append(log("acme", "delivered"));
            dead = store.append(log("acme", "dead"));
            List<OutboxItem> claimed = store.claim("acme", 10, "n1", T0, T0.plusSeconds(60));
            OutboxItem delivered = claimed.stream().filter(i -> i.orderingKey.equals("delivered")).findFirst().orElseThrow();
            store.complete(delivered, new CrmRecordRef("Task", "00T1", null), T0);
            store.deadLetter(claimed.stream().filter(i -> i.id == dead).findFirst().orElseThrow(), "400 bad");
            store.append(log("acme", "last")); // waits for the group that also carries the dead letter
            crashed = CrashCopy.of(live, dir.resolve("crashed"));
        }
        try (MvStoreOutboxStore store = new MvStoreOutboxStore(crashed)) {
            assertEquals(new OutboxStore.Backlog(2, 1, T0), store.backlog().get("acme"));
            assertEquals("00T1", store.recordRef("acme", "delivered").orElseThrow().id);
            List<OutboxItem> pending = store.claim("acme", 10, "n2", T0, T0.plusSeconds(60));
            OutboxItem first = pending.stream().filter(i -> i.id == merged).findFirst().orElseThrow();
            assertTrue(first.payload.contains("wrap-up"), "the merged payload: " + first.payload);
            assertEquals(dead, store.deadLetters("acme").get(0).id);
            assertTrue(store.append(log("acme", "next")) > dead, "ids keep growing");
        }
    }

    @Test
    void aNewerLogTakesThePlaceOfAnUndeliveredOneDurably() {
        long id;
        try (MvStoreOutboxStore store = new MvStoreOutboxStore(dir)) {
            id = store.append(log("acme", "a"));
            store.append(log("acme", "b"));
            assertEquals(id, store.supersede("acme", OutboxItem.Kind.LOG, "a", logWithNotes("acme", "a", "wrap-up"))
                    .orElseThrow());
            assertEquals(1, store.metrics().get("store.merges"));
        }
        try (MvStoreOutboxStore store = new MvStoreOutboxStore(dir)) {
            assertEquals(2, store.backlog().get("acme").pending(), "merged, not added");
            List<OutboxItem> claimed = store.claim("acme", 10, "n1", T0, T0.plusSeconds(60));
            assertEquals(id, claimed.get(0).id);
            assertEquals("wrap-up", notesOf(claimed.get(0)));
        }
    }

    @Test
    void aLogBeingDeliveredOrFollowedByOtherWorkIsNeverSuperseded() {
        try (MvStoreOutboxStore store = new MvStoreOutboxStore(dir)) {
            store.append(log("acme", "leased"));
            store.claim("acme", 10, "n1", T0, T0.plusSeconds(60));
            assertTrue(store.supersede("acme", OutboxItem.Kind.LOG, "leased", logWithNotes("acme", "leased", "x")).isEmpty(),
                    "a node is delivering it: what it sends must stay what is stored");

            store.append(log("acme", "then-trigger"));
            String trigger = OutboxJson.write(new org.crmconnector.crm.TriggerEvent(org.crmconnector.crm.Trigger.ENDED,
                    TestSupport.interaction("acme", "then-trigger")));
            store.append(new OutboxItem("acme", OutboxItem.Kind.TRIGGER, "then-trigger", trigger, T0));
            assertTrue(store.supersede("acme", OutboxItem.Kind.LOG, "then-trigger",
                    logWithNotes("acme", "then-trigger", "x")).isEmpty(), "merging would overtake the trigger");

            store.append(log("acme", "mine"));
            assertTrue(store.supersede("globex", OutboxItem.Kind.LOG, "mine", logWithNotes("globex", "mine", "x"))
                    .isEmpty(), "another tenant's item is out of reach");
            assertTrue(store.supersede("acme", OutboxItem.Kind.LOG, "unknown", logWithNotes("acme", "unknown", "x"))
                    .isEmpty());
            assertEquals(4, store.backlog().get("acme").pending());
        }
    }

    @Test
    void aLogThatMayHaveReachedTheCrmIsNeverSuperseded() {
        try (MvStoreOutboxStore store = new MvStoreOutboxStore(dir)) {
            store.append(log("acme", "tried"));
            OutboxItem claimed = store.claim("acme", 10, "n1", T0, T0.plusSeconds(60)).get(0);
            store.reschedule(claimed, "timeout: the CRM may have written it", T0.plusSeconds(1));
            assertTrue(store.supersede("acme", OutboxItem.Kind.LOG, "tried", logWithNotes("acme", "tried", "x")).isEmpty(),
                    "an attempt was made: its record may exist");
            store.append(log("acme", "before-crash"));
        }
        try (MvStoreOutboxStore store = new MvStoreOutboxStore(dir)) {
            assertTrue(store.supersede("acme", OutboxItem.Kind.LOG, "before-crash",
                    logWithNotes("acme", "before-crash", "x")).isEmpty(),
                    "pending since before the restart: a node may have sent it before it died");
            store.append(log("acme", "after-restart"));
            assertTrue(store.supersede("acme", OutboxItem.Kind.LOG, "after-restart",
                    logWithNotes("acme", "after-restart", "x")).isPresent());
        }
    }

    @Test
    void aLogClaimedEvenOnceIsNeverSupersededUnlessHandedBackUnsent() {
        try (MvStoreOutboxStore store = new MvStoreOutboxStore(dir)) {
            long id = store.append(log("acme", "a"));
            List<OutboxItem> claimed = store.claim("acme", 10, "n1", T0, T0.plusSeconds(60));
            assertTrue(store.supersede("acme", OutboxItem.Kind.LOG, "a", logWithNotes("acme", "a", "late")).isEmpty(),
                    "the lease lapsed, but its call may have reached the CRM");
            store.release("n1", claimed);
            assertEquals(id, store.supersede("acme", OutboxItem.Kind.LOG, "a", logWithNotes("acme", "a", "late")).orElseThrow(),
                    "handed back unsent: nothing of it reached the CRM");
        }
    }

    @Test
    void claimTakesOnlyTheFirstItemOfAKeyAndRespectsLeases() {
        try (MvStoreOutboxStore store = new MvStoreOutboxStore(dir)) {
            long a1 = store.append(log("acme", "a"));
            long a2 = store.append(log("acme", "a"));
            long b1 = store.append(log("acme", "b"));

            List<OutboxItem> first = store.claim("acme", 10, "n1", T0, T0.plusSeconds(60));
            assertEquals(List.of(a1, b1), first.stream().map(i -> i.id).toList());
            assertTrue(store.claim("acme", 10, "n2", T0.plusSeconds(59), T0.plusSeconds(120)).isEmpty(),
                    "leased items and the items queued behind them are not claimable");

            // n1 died: once its lease lapses, another node takes the same items
            List<OutboxItem> recovered = store.claim("acme", 10, "n2", T0.plusSeconds(61), T0.plusSeconds(120));
            assertEquals(List.of(a1, b1), recovered.stream().map(i -> i.id).toList());

            store.complete(recovered.get(0), new CrmRecordRef("Task", "T1", null), T0);
            List<OutboxItem> next = store.claim("acme", 10, "n2", T0.plusSeconds(61), T0.plusSeconds(120));
            assertEquals(List.of(a2), next.stream().map(i -> i.id).toList());
            assertEquals("T1", store.recordRef("acme", "a").orElseThrow().id);
            assertTrue(store.recordRef("globex", "a").isEmpty(), "record references are per tenant");
        }
    }

    @Test
    void releaseAllHandsBackOnlyThatNodesLeases() {
        try (MvStoreOutboxStore store = new MvStoreOutboxStore(dir)) {
            store.append(log("acme", "a"));
            store.append(log("acme", "b"));
            store.claim("acme", 1, "n1", T0, T0.plusSeconds(60));
            store.claim("acme", 1, "n2", T0, T0.plusSeconds(60));
            assertEquals(1, store.releaseAll("n1"));
            List<OutboxItem> again = store.claim("acme", 10, "n3", T0, T0.plusSeconds(60));
            assertEquals(List.of("a"), again.stream().map(i -> i.orderingKey).toList());
        }
    }

    @Test
    void deadLettersAreKeptAcrossReopenAndOnlyTheirTenantCanTouchThem() {
        long id;
        try (MvStoreOutboxStore store = new MvStoreOutboxStore(dir)) {
            id = store.append(log("acme", "a"));
            OutboxItem item = store.claim("acme", 1, "n1", T0, T0.plusSeconds(60)).get(0);
            store.deadLetter(item, "rejected");
        }
        try (MvStoreOutboxStore store = new MvStoreOutboxStore(dir)) {
            assertEquals("rejected", store.deadLetters("acme").get(0).lastError);
            assertEquals(1, store.deadLetters("acme").get(0).attempts);
            assertFalse(store.retryDeadLetter("globex", id, T0));
            assertFalse(store.discardDeadLetter("globex", id));
            assertTrue(store.deadLetters("globex").isEmpty());
            assertTrue(store.retryDeadLetter("acme", id, T0));
            assertEquals(0, store.claim("acme", 1, "n1", T0, T0.plusSeconds(60)).get(0).attempts);
        }
    }

    @Test
    void oldRecordReferencesAreForgotten() {
        try (MvStoreOutboxStore store = new MvStoreOutboxStore(dir)) {
            store.append(log("acme", "old"));
            store.append(log("acme", "new"));
            List<OutboxItem> items = store.claim("acme", 2, "n1", T0, T0.plusSeconds(60));
            store.complete(items.get(0), new CrmRecordRef("Task", "T-old", null), T0.minus(Duration.ofDays(40)));
            store.complete(items.get(1), new CrmRecordRef("Task", "T-new", null), T0);
            assertEquals(1, store.forgetRecordRefs(T0.minus(Duration.ofDays(30))));
            assertTrue(store.recordRef("acme", "old").isEmpty());
            assertEquals("T-new", store.recordRef("acme", "new").orElseThrow().id);
        }
    }

    @Test
    void concurrentAppendsShareCommitsAndAllArePersisted() throws Exception {
        int threads = 16;
        int perThread = 100;
        Set<Long> ids = new HashSet<>();
        long commits;
        try (MvStoreOutboxStore store = new MvStoreOutboxStore(dir)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<List<Long>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    go.await();
                    List<Long> mine = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        mine.add(store.append(log("acme", "t" + thread + "-" + i)));
                    }
                    return mine;
                }));
            }
            go.countDown();
            for (Future<List<Long>> f : results) {
                ids.addAll(f.get(60, TimeUnit.SECONDS));
            }
            pool.shutdown();
            commits = store.commitCount();
        }
        assertEquals(threads * perThread, ids.size(), "every append got its own id");
        assertTrue(commits < threads * perThread, "appends shared commits: " + commits + " commits");
        try (MvStoreOutboxStore store = new MvStoreOutboxStore(dir)) {
            assertEquals(threads * perThread, store.backlog().get("acme").pending());
        }
    }
}
