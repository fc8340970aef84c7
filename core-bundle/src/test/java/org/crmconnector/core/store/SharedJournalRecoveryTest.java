package org.crmconnector.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.crmconnector.store.InteractionStore.Entry;
import org.crmconnector.store.InteractionStoreException;
import org.crmconnector.core.lifecycle.MvStoreInteractionStore;
import org.crmconnector.core.outbox.MvStoreOutboxStore;
import org.crmconnector.store.OutboxItem;
import org.crmconnector.store.OutboxStoreException;
import org.crmconnector.interaction.InteractionState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The interaction store and the outbox on one journal, as the server runs them, after a kill. */
class SharedJournalRecoveryTest {

    private static final Instant T = Instant.parse("2026-12-06T09:00:00Z");

    @TempDir
    Path dir;

    private static Entry state(String id, InteractionState state) {
        return new Entry("acme", id, state, T, "{}".getBytes(StandardCharsets.UTF_8));
    }

    private static OutboxItem log(String id) {
        return new OutboxItem("acme", OutboxItem.Kind.LOG, id, "{\"log\":\"" + id + "\"}", T);
    }

    /** Runs the writes on both stores, then copies their folders as a kill would leave them. */
    private Path crashAfter(java.util.function.BiConsumer<MvStoreInteractionStore, MvStoreOutboxStore> writes)
            throws IOException {
        Path live = dir.resolve("live");
        Path crashed = dir.resolve("crashed");
        Journal journal = new Journal(live.resolve("journal"), "journal");
        journal.start();
        try (MvStoreOutboxStore outbox = new MvStoreOutboxStore(live.resolve("outbox"), journal);
                MvStoreInteractionStore interactions = new MvStoreInteractionStore(live.resolve("interactions"), journal)) {
            writes.accept(interactions, outbox);
            for (String folder : List.of("journal", "outbox", "interactions")) {
                CrashCopy.of(live.resolve(folder), crashed.resolve(folder));
            }
        } finally {
            journal.close();
        }
        return crashed;
    }

    private record Recovered(Map<String, InteractionState> states, int pendingLogs) {
    }

    private static Recovered reopen(Path crashed) {
        Journal journal = new Journal(crashed.resolve("journal"), "journal");
        journal.start();
        Map<String, InteractionState> states = new HashMap<>();
        int pending;
        // the outbox opens first here, the registry first in the server: the order does not matter
        try (MvStoreOutboxStore outbox = new MvStoreOutboxStore(crashed.resolve("outbox"), journal);
                MvStoreInteractionStore interactions = new MvStoreInteractionStore(crashed.resolve("interactions"),
                        journal)) {
            interactions.forEach(e -> states.put(e.interactionId(), e.state()));
            OutboxStoreBacklog backlog = new OutboxStoreBacklog(outbox);
            pending = backlog.pending();
        } finally {
            journal.close();
        }
        return new Recovered(states, pending);
    }

    /** The pending count of tenant acme. */
    private record OutboxStoreBacklog(MvStoreOutboxStore outbox) {
        int pending() {
            var b = outbox.backlog().get("acme");
            return b == null ? 0 : b.pending();
        }
    }

    @Test
    void aStateSavedWithItsLogIsBackWithTheLogAfterAKill() throws IOException {
        Path crashed = crashAfter((interactions, outbox) -> {
            interactions.save(state("call-1", InteractionState.ACCEPTED));
            interactions.save(state("call-1", InteractionState.ENDED), () -> outbox.append(log("call-1")));
            interactions.save(state("call-2", InteractionState.ACCEPTED));
        });
        Recovered r = reopen(crashed);
        assertEquals(Map.of("call-1", InteractionState.ENDED, "call-2", InteractionState.ACCEPTED), r.states());
        assertEquals(1, r.pendingLogs());
    }

    @Test
    void aKillBetweenTheLogAndTheStateLeavesTheLogAndTheOldState() throws IOException {
        Path crashed = crashAfter((interactions, outbox) -> {
            interactions.save(state("call-1", InteractionState.ACCEPTED));
            interactions.save(state("call-1", InteractionState.ENDED), () -> outbox.append(log("call-1")));
        });
        // the state's record is the journal's last: cut into it, as a kill in the middle of the write would
        Path segment = new Journal(crashed.resolve("journal"), "journal").segments().stream()
                .reduce((a, b) -> b).orElseThrow();
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 5);
        }
        Recovered r = reopen(crashed);
        assertEquals(InteractionState.ACCEPTED, r.states().get("call-1"), "the ended state was never acknowledged");
        assertEquals(1, r.pendingLogs(), "the log before it is kept: a repeated callEnded stores it again by key");
    }

    @Test
    void segmentsAreDroppedOnlyOnceBothStoresCheckpointedPastThem() throws IOException {
        Path crashed = crashAfter((interactions, outbox) -> {
            interactions.save(state("call-1", InteractionState.ACCEPTED), () -> outbox.append(log("call-1")));
        });
        Journal journal = new Journal(crashed.resolve("journal"), "journal");
        journal.start();
        int before = journal.segments().size();
        try (MvStoreInteractionStore interactions = new MvStoreInteractionStore(crashed.resolve("interactions"),
                journal)) {
            // the registry has replayed and checkpointed; the outbox has not opened yet
            assertTrue(journal.segments().size() >= before, "the outbox's records are still needed");
            try (MvStoreOutboxStore outbox = new MvStoreOutboxStore(crashed.resolve("outbox"), journal)) {
                assertEquals(1, outbox.backlog().get("acme").pending());
                assertTrue(journal.segments().size() < before, "both checkpointed: the old segments are gone");
            }
        } finally {
            journal.close();
        }
    }

    @Test
    void onAStoppedJournalEachStoreRefusesInItsOwnTermsAndKeepsNothing() {
        Journal journal = new Journal(dir.resolve("journal"), "journal");
        journal.start();
        try (MvStoreOutboxStore outbox = new MvStoreOutboxStore(dir.resolve("outbox"), journal);
                MvStoreInteractionStore interactions = new MvStoreInteractionStore(dir.resolve("interactions"),
                        journal)) {
            journal.close(); // as if its disk had failed: nothing more can be made durable
            // the log is refused first, and then the state is not saved
            assertThrows(OutboxStoreException.class,
                    () -> interactions.save(state("call-1", InteractionState.ENDED), () -> outbox.append(log("call-1"))));
            assertThrows(InteractionStoreException.class, () -> interactions.save(state("call-2", InteractionState.OFFERED)));
            assertThrows(OutboxStoreException.class, () -> outbox.append(log("call-3")));
            List<String> stored = new java.util.ArrayList<>();
            interactions.forEach(e -> stored.add(e.interactionId()));
            assertEquals(List.of(), stored, "a refused save is not kept for a checkpoint to write");
        }
    }
}
