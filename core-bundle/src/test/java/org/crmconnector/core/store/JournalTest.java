package org.crmconnector.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {

    @TempDir
    Path folder;

    private Journal journal() {
        return new Journal(folder, "test");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private List<String> replayed() {
        List<String> out = new ArrayList<>();
        journal().replay("a", b -> {
            byte[] copy = new byte[b.remaining()];
            b.get(copy);
            out.add(new String(copy, StandardCharsets.UTF_8));
        });
        return out;
    }

    /** Writes records and leaves without a checkpoint: the disk as a kill would leave it. */
    private Path written(String... records) {
        Journal j = journal();
        j.start();
        long last = 0;
        for (String r : records) {
            last = j.append("a", bytes(r));
        }
        j.await(last);
        j.close();
        List<Path> segments = j.segments();
        return segments.get(segments.size() - 1);
    }

    @Test
    void awaitedRecordsAreReplayedInOrder() {
        written("one", "two", "three");
        assertEquals(List.of("one", "two", "three"), replayed());
    }

    @Test
    void aTornLastRecordIsIgnoredAndTheOnesBeforeItAreKept() throws IOException {
        Path segment = written("one", "two", "three");
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 2); // the kill came in the middle of the last write
        }
        assertEquals(List.of("one", "two"), replayed());
    }

    @Test
    void aTornHeaderIsIgnored() throws IOException {
        Path segment = written("one");
        // half a header, then a length far beyond the file: neither is a record
        Files.write(segment, new byte[] {0, 0, 1}, StandardOpenOption.APPEND);
        assertEquals(List.of("one"), replayed());
        Files.write(segment, ByteBuffer.allocate(8).putInt(0, 1 << 20).array(), StandardOpenOption.APPEND);
        assertEquals(List.of("one"), replayed());
    }

    @Test
    void aRecordWhoseChecksumDoesNotMatchEndsTheReplayOfItsSegment() throws IOException {
        Path segment = written("one", "two", "three");
        byte[] all = Files.readAllBytes(segment);
        int secondPayload = (8 + 3 + 3) + 8 + 3; // the first record, then the second's header and owner
        all[secondPayload] ^= 0x20; // "two" becomes "Two" on disk
        Files.write(segment, all);
        assertEquals(List.of("one"), replayed());
    }

    @Test
    void aCheckpointedSegmentIsDeletedOnceEveryOwnerIsPastIt() {
        written("before"); // owner "a", left by an earlier run
        Journal j = journal();
        j.start();
        j.await(j.append("b", bytes("b's")));
        long next = j.roll();
        assertEquals(3, j.segments().size());
        j.checkpointed("b", next);
        assertEquals(3, j.segments().size(), "a has not replayed its records yet");
        j.checkpointed("a", next);
        assertEquals(1, j.segments().size(), "only the new segment is left");
        j.await(j.append("a", bytes("after")));
        j.close();
        assertEquals(List.of("after"), replayed());
    }

    @Test
    void anOwnerThatClosedNeedsNothingMore() {
        Journal j = journal();
        j.start();
        j.await(j.append("a", bytes("a's")));
        j.await(j.append("b", bytes("b's")));
        long next = j.roll();
        j.checkpointed("a", next);
        assertEquals(2, j.segments().size(), "b has not checkpointed");
        j.released("b");
        assertEquals(1, j.segments().size());
        j.close();
    }

    @Test
    void eachOwnerReplaysOnlyItsOwnRecordsBeforeTheCurrentSegment() {
        Journal j = journal();
        j.start();
        j.append("a", bytes("a1"));
        j.append("b", bytes("b1"));
        j.await(j.append("a", bytes("a2")));
        j.close();
        Journal next = journal();
        next.start();
        next.await(next.append("a", bytes("this run")));
        List<String> a = new ArrayList<>();
        next.replay("a", b -> a.add(StandardCharsets.UTF_8.decode(b).toString()));
        assertEquals(List.of("a1", "a2"), a);
        next.close();
    }

    @Test
    void awaitsInsideDeferringAwaitsReturnAtOnceAndTheLastAwaitCoversThem() {
        Journal j = journal();
        j.start();
        long[] first = new long[1];
        j.deferringAwaits(() -> {
            first[0] = j.append("a", bytes("log"));
            j.await(first[0]); // returns without waiting
        });
        long state = j.append("b", bytes("state"));
        assertTrue(state > first[0], "the later record's commit covers the earlier one");
        j.await(state);
        j.close();
    }

    @Test
    void aRestartAppendsToANewSegmentAfterTheOldOnes() {
        written("first run");
        Journal second = journal();
        second.start();
        second.await(second.append("a", bytes("second run")));
        second.close();
        assertEquals(List.of("first run", "second run"), replayed());
        assertEquals(2, second.segments().size());
    }

    @Test
    void concurrentAppendsShareFsyncs() throws Exception {
        Journal j = journal();
        j.start();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int n = t;
            threads.add(new Thread(() -> {
                for (int i = 0; i < 50; i++) {
                    j.await(j.append("a", bytes(n + ":" + i)));
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        long commits = j.commitCount();
        j.close();
        List<String> all = replayed();
        assertEquals(400, all.size());
        assertTrue(commits <= 400, "at most one fsync per record: " + commits);
        for (int t = 0; t < 8; t++) {
            int n = t;
            List<String> own = all.stream().filter(s -> s.startsWith(n + ":")).toList();
            for (int i = 0; i < 50; i++) {
                assertEquals(n + ":" + i, own.get(i), "each writer's records in its order");
            }
        }
    }

    @Test
    void anAppendAfterCloseFails() {
        Journal j = journal();
        j.start();
        j.close();
        assertThrows(JournalException.class, () -> j.append("a", bytes("late")));
    }
}
