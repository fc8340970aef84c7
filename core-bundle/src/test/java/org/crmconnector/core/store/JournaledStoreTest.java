package org.crmconnector.core.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

import org.h2.mvstore.MVMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournaledStoreTest {

    @TempDir
    Path dir;

    /** A store that checkpoints only when told to (or at start and close). */
    private static JournaledStore open(Path folder) {
        return new JournaledStore(folder, "test.mv.db", "test", 3_600_000, Long.MAX_VALUE, IllegalStateException::new);
    }

    @Test
    void awaitedChangesAreReplayedIntoTheMapsAfterACrash() throws IOException {
        Path live = dir.resolve("live");
        Path crashed;
        try (JournaledStore store = open(live)) {
            MVMap<String, byte[]> values = store.map("values", new MVMap.Builder<>());
            MVMap<Long, String> names = store.map("names", new MVMap.Builder<>());
            store.start();
            store.put(values, "a", new byte[] {1});
            store.put(values, "b", new byte[] {2});
            store.put(values, "a", new byte[] {3});
            store.remove(values, "b");
            store.put(names, 7L, "seven");
            store.await();
            crashed = CrashCopy.of(live, dir.resolve("crashed"));
        }
        // and a write torn by the kill after the last acknowledged one
        try (Stream<Path> files = Files.list(crashed)) {
            Path segment = files.filter(p -> p.toString().endsWith(Journal.SUFFIX)).sorted().reduce((a, b) -> b).orElseThrow();
            Files.write(segment, new byte[] {0, 0, 0, 40, 1, 2, 3, 4, 5}, StandardOpenOption.APPEND);
        }
        try (JournaledStore store = open(crashed)) {
            MVMap<String, byte[]> values = store.map("values", new MVMap.Builder<>());
            MVMap<Long, String> names = store.map("names", new MVMap.Builder<>());
            store.start();
            assertArrayEquals(new byte[] {3}, values.get("a"));
            assertNull(values.get("b"));
            assertEquals("seven", names.get(7L));
        }
    }

    @Test
    void whatRunsBesideADurablePutSeesItJournaledButNotYetInTheMap() throws IOException {
        Path live = dir.resolve("live");
        Path crashed;
        try (JournaledStore store = open(live)) {
            MVMap<String, String> values = store.map("values", new MVMap.Builder<>());
            store.start();
            String[] seen = new String[1];
            store.putDurably(values, "call", "offered", () -> {
                // the map takes it only once it is on disk, so a checkpoint never writes it early
                seen[0] = String.valueOf(values.get("call"));
            });
            assertEquals("null", seen[0]);
            assertEquals("offered", values.get("call"));
            crashed = CrashCopy.of(live, dir.resolve("crashed"));
        }
        try (JournaledStore store = open(crashed)) {
            MVMap<String, String> values = store.map("values", new MVMap.Builder<>());
            store.start();
            assertEquals("offered", values.get("call"), "durable once putDurably returned");
        }
    }

    @Test
    void aCheckpointWritesTheMapsAndDropsTheJournalBeforeIt() throws IOException {
        Path live = dir.resolve("live");
        Path crashed;
        try (JournaledStore store = open(live)) {
            MVMap<String, String> values = store.map("values", new MVMap.Builder<>());
            store.start();
            store.put(values, "checkpointed", "in the MVStore file");
            store.await();
            long before = journalBytes(live);
            store.checkpoint();
            assertTrue(journalBytes(live) < before, "the checkpointed segment is gone");
            store.put(values, "journaled", "in the journal only");
            store.await();
            crashed = CrashCopy.of(live, dir.resolve("crashed"));
        }
        try (JournaledStore store = open(crashed)) {
            MVMap<String, String> values = store.map("values", new MVMap.Builder<>());
            store.start();
            assertEquals("in the MVStore file", values.get("checkpointed"));
            assertEquals("in the journal only", values.get("journaled"));
        }
    }

    @Test
    void aCleanCloseLeavesNothingToReplay() throws IOException {
        try (JournaledStore store = open(dir)) {
            MVMap<String, String> values = store.map("values", new MVMap.Builder<>());
            store.start();
            store.put(values, "k", "v");
            store.await();
        }
        assertEquals(0, journalBytes(dir));
        try (JournaledStore store = open(dir)) {
            MVMap<String, String> values = store.map("values", new MVMap.Builder<>());
            store.start();
            assertEquals("v", values.get("k"));
        }
    }

    private static long journalBytes(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            long total = 0;
            for (Path f : files.filter(p -> p.toString().endsWith(Journal.SUFFIX)).toList()) {
                total += Files.size(f);
            }
            return total;
        }
    }
}
