package org.crmconnector.core.lifecycle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.crmconnector.core.store.CrashCopy;
import org.crmconnector.interaction.InteractionState;
import org.crmconnector.store.InteractionStore.Entry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MvStoreInteractionStoreTest {

    @TempDir
    Path folder;

    private static final Instant T = Instant.parse("2026-12-05T10:15:30.123456789Z");

    private static Entry live(String tenant, String id, String data) {
        return new Entry(tenant, id, InteractionState.ACCEPTED, T, data.getBytes(StandardCharsets.UTF_8));
    }

    private Map<String, Entry> reopenAndRead() {
        Map<String, Entry> all = new HashMap<>();
        try (MvStoreInteractionStore store = new MvStoreInteractionStore(folder)) {
            store.forEach(e -> all.put(e.tenantId() + "|" + e.interactionId(), e));
        }
        return all;
    }

    @Test
    void callerDataIsWrittenReadableByTheServersUserOnly() throws Exception {
        Path store = folder.resolve("data/interactions");
        try (MvStoreInteractionStore s = new MvStoreInteractionStore(store)) {
            s.save(live("acme", "call-1", "{\"ani\":\"+15551234567\"}"));
        }
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                java.nio.file.Files.getPosixFilePermissions(store)));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                java.nio.file.Files.getPosixFilePermissions(store.resolve("interactions.mv.db"))));
    }

    @Test
    void savedEntriesAreBackAfterReopeningWithStateTimeAndData() {
        try (MvStoreInteractionStore store = new MvStoreInteractionStore(folder)) {
            store.save(live("acme", "call-1", "{\"a\":1}"));
            store.save(new Entry("acme", "call-2", InteractionState.FINISHED, T.plusSeconds(5), null));
            store.save(live("other", "call-1", "{\"b\":2}"));
        }
        Map<String, Entry> all = reopenAndRead();
        assertEquals(3, all.size());
        Entry one = all.get("acme|call-1");
        assertEquals(InteractionState.ACCEPTED, one.state());
        assertEquals(T, one.touched());
        assertArrayEquals("{\"a\":1}".getBytes(StandardCharsets.UTF_8), one.data());
        Entry tombstone = all.get("acme|call-2");
        assertEquals(InteractionState.FINISHED, tombstone.state());
        assertNull(tombstone.data());
        assertEquals("other", all.get("other|call-1").tenantId());
    }

    @Test
    void everyAcknowledgedSaveIsBackAfterACrashFromTheJournal() throws Exception {
        Path live = folder.resolve("live");
        Path crashed;
        // checkpoints only at start: everything below is in the journal alone when the copy is taken
        try (MvStoreInteractionStore store = new MvStoreInteractionStore(live, null, 3_600_000, Long.MAX_VALUE)) {
            store.save(live("acme", "call-1", "{\"a\":1}"));
            store.save(live("acme", "call-2", "{\"b\":1}"));
            store.save(new Entry("acme", "call-1", InteractionState.ENDED, T.plusSeconds(9), "{\"a\":2}".getBytes(StandardCharsets.UTF_8)));
            store.remove("acme", "call-2");
            store.save(new Entry("acme", "call-3", InteractionState.FINISHED, T, null));
            crashed = CrashCopy.of(live, folder.resolve("crashed"));
        }
        Map<String, Entry> all = new HashMap<>();
        try (MvStoreInteractionStore store = new MvStoreInteractionStore(crashed)) {
            store.forEach(e -> all.put(e.tenantId() + "|" + e.interactionId(), e));
        }
        assertEquals(2, all.size());
        assertEquals(InteractionState.ENDED, all.get("acme|call-1").state());
        assertArrayEquals("{\"a\":2}".getBytes(StandardCharsets.UTF_8), all.get("acme|call-1").data());
        assertEquals(InteractionState.FINISHED, all.get("acme|call-3").state());
    }

    @Test
    void aSaveReplacesTheEntryAndARemoveForgetsIt() {
        try (MvStoreInteractionStore store = new MvStoreInteractionStore(folder)) {
            store.save(live("acme", "call-1", "old"));
            store.save(new Entry("acme", "call-1", InteractionState.ENDED, T.plusSeconds(1), "new".getBytes()));
            store.save(live("acme", "call-2", "gone soon"));
            store.remove("acme", "call-2");
        }
        Map<String, Entry> all = reopenAndRead();
        assertEquals(1, all.size());
        assertEquals(InteractionState.ENDED, all.get("acme|call-1").state());
        assertArrayEquals("new".getBytes(), all.get("acme|call-1").data());
    }

    @Test
    void aSaveThatDoesNotWaitIsOnDiskWithTheNextCommit() {
        try (MvStoreInteractionStore store = new MvStoreInteractionStore(folder)) {
            store.saveSoon(live("acme", "soon", "matches"));
        }
        assertArrayEquals("matches".getBytes(StandardCharsets.UTF_8), reopenAndRead().get("acme|soon").data());
    }

    @Test
    void idsWithTheSeparatorInThemKeepTheirTenant() {
        try (MvStoreInteractionStore store = new MvStoreInteractionStore(folder)) {
            store.save(live("acme", "a/b/c", "x"));
        }
        Entry e = reopenAndRead().get("acme|a/b/c");
        assertEquals("acme", e.tenantId());
        assertEquals("a/b/c", e.interactionId());
    }

    @Test
    void aTenantIdThatCouldBeConfusedIsRefused() {
        try (MvStoreInteractionStore store = new MvStoreInteractionStore(folder)) {
            assertThrows(IllegalArgumentException.class, () -> store.save(live("ac/me", "x", "y")));
        }
    }

    @Test
    void concurrentSavesAreAllDurableAndShareCommits() throws Exception {
        int writers = 8;
        int each = 50;
        long commits;
        try (MvStoreInteractionStore store = new MvStoreInteractionStore(folder)) {
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        store.save(live("acme", "w" + writer + "-" + i, "d" + i));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            commits = store.metrics().get("interactions.commits");
            assertEquals(writers * each, store.metrics().get("interactions.saves"));
        }
        assertTrue(commits <= writers * each, "never more commits than saves");
        assertEquals(writers * each, reopenAndRead().size());
    }

    @Test
    void aSaveAfterCloseFailsInsteadOfPretendingToBeDurable() {
        MvStoreInteractionStore store = new MvStoreInteractionStore(folder);
        store.close();
        assertThrows(RuntimeException.class, () -> store.save(live("acme", "late", "x")));
    }
}
