package org.crmconnector.core.lifecycle;

import static org.crmconnector.core.lifecycle.InteractionRegistry.states;
import static org.crmconnector.interaction.InteractionState.ACCEPTED;
import static org.crmconnector.interaction.InteractionState.ENDED;
import static org.crmconnector.interaction.InteractionState.FINISHED;
import static org.crmconnector.interaction.InteractionState.OFFERED;
import static org.crmconnector.interaction.InteractionState.REJECTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Predicate;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.crmconnector.core.lifecycle.LifecycleException.Code;
import org.crmconnector.core.refusal.Refusal.Kind;
import org.crmconnector.interaction.Cav;
import org.crmconnector.interaction.CrmObject;
import org.crmconnector.interaction.Interaction;
import org.crmconnector.interaction.InteractionState;
import org.crmconnector.store.InteractionStore;
import org.crmconnector.store.InteractionStoreException;
import org.crmconnector.testing.ComponentConfig;
import org.crmconnector.testing.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Single-threaded behaviour of {@link InteractionRegistry}: the seed-003 lifecycle, errors, bounds, sweeping, snapshots. */
class InteractionRegistryTest {

    static final Instant T0 = Instant.parse("2025-03-01T09:00:00Z");
    static final String TENANT = "acme";
    static final int MAX = 100;

    /** The seed-003 moves as a caller of the registry spells them. */
    enum Move {
        ACCEPT(states(OFFERED), ACCEPTED),
        REJECT(states(OFFERED), REJECTED),
        END(states(ACCEPTED), ENDED),
        FINISH(states(ENDED), FINISHED);

        final Set<InteractionState> from;
        final InteractionState to;

        Move(Set<InteractionState> from, InteractionState to) {
            this.from = from;
            this.to = to;
        }
    }

    static InteractionRegistryConfig config(long graceSeconds, long staleSeconds) {
        return ComponentConfig.of(InteractionRegistryConfig.class, "finished_grace_seconds", graceSeconds,
                "stale_seconds", staleSeconds);
    }

    MutableClock clock;
    InMemoryInteractionStore store;
    InteractionRegistry registry;

    @BeforeEach
    void setUp() {
        clock = new MutableClock(T0);
        store = new InMemoryInteractionStore();
        registry = new InteractionRegistry(config(600, 43200), clock, store);
    }

    Interaction create(String id) {
        return registry.create(TENANT, id, OFFERED, MAX, d -> d.callerNumber = "+4930123");
    }

    Interaction move(String id, Move m) {
        return registry.transition(TENANT, id, m.from, m.to, d -> { });
    }

    /** Brings a fresh interaction {@code id} into {@code state} by legal moves only. */
    void driveTo(String id, InteractionState state) {
        create(id);
        switch (state) {
            case OFFERED -> { }
            case ACCEPTED -> move(id, Move.ACCEPT);
            case ENDED -> { move(id, Move.ACCEPT); move(id, Move.END); }
            case FINISHED -> { move(id, Move.ACCEPT); move(id, Move.END); move(id, Move.FINISH); }
            case REJECTED -> move(id, Move.REJECT);
        }
    }

    static LifecycleException expect(Code code, Executable call) {
        LifecycleException e = assertThrows(LifecycleException.class, call);
        assertEquals(code, e.code(), e.getMessage());
        return e;
    }

    @Test
    void errorCodesCarryTheirKindOfRefusal() {
        assertEquals(Kind.NOT_FOUND, Code.INTERACTION_NOT_FOUND.kind());
        assertEquals(Kind.GONE, Code.INTERACTION_FINISHED.kind());
        assertEquals(Kind.CONFLICT, Code.INTERACTION_EXISTS.kind());
        assertEquals(Kind.CONFLICT, Code.ILLEGAL_TRANSITION.kind());
        assertEquals(Kind.TOO_MANY, Code.TOO_MANY_INTERACTIONS.kind());
        LifecycleException e = new LifecycleException(Code.INTERACTION_EXISTS, "msg");
        assertEquals("msg", e.getMessage());
        assertSame(Code.INTERACTION_EXISTS, e.code());
    }

    @Nested
    class Lifecycle {

        @Test
        void createOfferedSetsIdentityStateAndStartTime() {
            Interaction i = create("c1");
            assertEquals(TENANT, i.tenantId);
            assertEquals("c1", i.interactionId);
            assertEquals(OFFERED, i.state);
            assertEquals(T0, i.startTime);
            assertNull(i.establishedTime);
            assertNull(i.endTime);
            assertNull(i.finishedTime);
            assertEquals("+4930123", i.callerNumber);
            assertEquals(1, registry.liveCount(TENANT));
            assertTrue(registry.knows(TENANT, "c1"));
            assertEquals(OFFERED, registry.get(TENANT, "c1").state);
        }

        @Test
        void createAcceptedForOwnOutboundCallIsEstablishedAtOnce() {
            Interaction i = registry.create(TENANT, "out", ACCEPTED, MAX, d -> { });
            assertEquals(ACCEPTED, i.state);
            assertEquals(T0, i.startTime);
            assertEquals(T0, i.establishedTime);
        }

        @Test
        void initCannotOverrideIdentityOrState() {
            Interaction i = registry.create(TENANT, "c1", OFFERED, MAX, d -> {
                d.tenantId = "evil";
                d.interactionId = "other";
                d.state = FINISHED;
                d.agentId = "agent7";
            });
            assertEquals(TENANT, i.tenantId);
            assertEquals("c1", i.interactionId);
            assertEquals(OFFERED, i.state);
            assertEquals("agent7", i.agentId);
            assertFalse(registry.knows("evil", "other"));
            assertFalse(registry.knows(TENANT, "other"));
            assertEquals(OFFERED, registry.get(TENANT, "c1").state);
        }

        @Test
        void fullPathOfferedAcceptedEndedFinishedWithTimestamps() {
            create("c1");
            clock.advanceSeconds(5);
            Interaction a = registry.transition(TENANT, "c1", Move.ACCEPT.from, ACCEPTED, d -> d.agentId = "a1");
            assertEquals(ACCEPTED, a.state);
            assertEquals(T0, a.startTime);
            assertEquals(T0.plusSeconds(5), a.establishedTime);
            assertNull(a.endTime);
            assertEquals("a1", a.agentId);
            assertEquals(a.establishedTime, registry.get(TENANT, "c1").establishedTime);

            clock.advanceSeconds(60);
            Interaction e = move("c1", Move.END);
            assertEquals(ENDED, e.state);
            assertEquals(T0, e.startTime);
            assertEquals(T0.plusSeconds(5), e.establishedTime);
            assertEquals(T0.plusSeconds(65), e.endTime);
            assertNull(e.finishedTime);
            assertEquals(1, registry.liveCount(TENANT));

            clock.advanceSeconds(30);
            Interaction f = registry.transition(TENANT, "c1", Move.FINISH.from, FINISHED, d -> d.dispositionCode = "Resolved");
            assertEquals(FINISHED, f.state);
            assertEquals(T0, f.startTime);
            assertEquals(T0.plusSeconds(5), f.establishedTime);
            assertEquals(T0.plusSeconds(65), f.endTime);
            assertEquals(T0.plusSeconds(95), f.finishedTime);
            assertEquals(30L, f.acwDurationSeconds);
            assertEquals("Resolved", f.dispositionCode);
            assertEquals("a1", f.agentId, "the last snapshot still carries the data");
            assertEquals(0, registry.liveCount(TENANT));
            assertTrue(registry.knows(TENANT, "c1"), "a tombstone remains");
        }

        @Test
        void offeredRejectedIsFinalWithEndAndFinishTimes() {
            create("c1");
            clock.advanceSeconds(7);
            Interaction r = move("c1", Move.REJECT);
            assertEquals(REJECTED, r.state);
            assertNull(r.establishedTime);
            assertEquals(T0.plusSeconds(7), r.endTime);
            assertEquals(T0.plusSeconds(7), r.finishedTime);
            assertNull(r.acwDurationSeconds, "no after-call work on a rejected call");
            assertEquals(0, registry.liveCount(TENANT));
            expect(Code.INTERACTION_FINISHED, () -> registry.get(TENANT, "c1"));
        }

        @Test
        void timesGivenByTheChangeAreKept() {
            create("c1");
            Instant established = T0.plusSeconds(2);
            clock.advanceSeconds(10);
            assertEquals(established,
                    registry.transition(TENANT, "c1", Move.ACCEPT.from, ACCEPTED, d -> d.establishedTime = established).establishedTime);
            Instant ended = T0.plusSeconds(50);
            clock.advanceSeconds(100);
            assertEquals(ended, registry.transition(TENANT, "c1", Move.END.from, ENDED, d -> d.endTime = ended).endTime);
            clock.advanceSeconds(100);
            Interaction f = registry.transition(TENANT, "c1", Move.FINISH.from, FINISHED, d -> d.acwDurationSeconds = 3L);
            assertEquals(ended, f.endTime);
            assertEquals(3L, f.acwDurationSeconds, "a given ACW duration is not recomputed");
            assertEquals(T0.plusSeconds(210), f.finishedTime);
        }

        @Test
        void endTimeIsNotMovedByLaterTransitions() {
            create("c1");
            move("c1", Move.ACCEPT);
            clock.advanceSeconds(20);
            move("c1", Move.END);
            clock.advanceSeconds(45);
            Interaction f = move("c1", Move.FINISH);
            assertEquals(T0.plusSeconds(20), f.endTime);
            assertEquals(45L, f.acwDurationSeconds);
        }

        @Test
        void updateChangesDataNotState() {
            create("c1");
            Interaction u = registry.update(TENANT, "c1", d -> d.comments = "notes");
            assertEquals("notes", u.comments);
            assertEquals(OFFERED, u.state);
            assertEquals("notes", registry.get(TENANT, "c1").comments);
        }

        @Test
        void transitionSnapshotReflectsChangeAndState() {
            create("c1");
            Interaction a = registry.transition(TENANT, "c1", Move.ACCEPT.from, ACCEPTED, d -> d.state = REJECTED);
            assertEquals(ACCEPTED, a.state, "the change cannot pick the state");
            assertEquals(ACCEPTED, registry.get(TENANT, "c1").state);
        }
    }

    static Stream<Arguments> illegalMoves() {
        List<Arguments> out = new ArrayList<>();
        for (InteractionState s : List.of(OFFERED, ACCEPTED, ENDED)) {
            for (Move m : Move.values()) {
                if (!m.from.contains(s)) {
                    out.add(Arguments.of(s, m));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{1} from {0} is illegal")
    @MethodSource("illegalMoves")
    void illegalTransitionIsRejectedAndChangesNothing(InteractionState state, Move m) {
        driveTo("c1", state);
        clock.advanceSeconds(30);
        Interaction before = registry.get(TENANT, "c1");
        int live = registry.liveCount(TENANT);
        boolean[] changeRan = {false};
        LifecycleException e = expect(Code.ILLEGAL_TRANSITION, () -> registry.transition(TENANT, "c1", m.from, m.to, d -> {
            changeRan[0] = true;
            d.comments = "must not stick";
        }));
        assertTrue(e.getMessage().contains(state.name().toLowerCase()), e.getMessage());
        assertFalse(changeRan[0]);
        Interaction after = registry.get(TENANT, "c1");
        assertEquals(state, after.state);
        assertNull(after.comments);
        assertEquals(before.startTime, after.startTime);
        assertEquals(before.establishedTime, after.establishedTime);
        assertEquals(before.endTime, after.endTime);
        assertNull(after.finishedTime);
        assertEquals(live, registry.liveCount(TENANT));
    }

    @ParameterizedTest
    @EnumSource(value = InteractionState.class, names = {"OFFERED", "ACCEPTED", "ENDED"})
    void failingChangeLeavesInteractionUntouched(InteractionState state) {
        driveTo("c1", state);
        int live = registry.liveCount(TENANT);
        Consumer<Interaction> boom = d -> {
            d.comments = "half done";
            throw new IllegalStateException("boom");
        };
        Move legal = switch (state) {
            case OFFERED -> Move.REJECT;
            case ACCEPTED -> Move.END;
            default -> Move.FINISH;
        };
        assertThrows(IllegalStateException.class, () -> registry.transition(TENANT, "c1", legal.from, legal.to, boom));
        assertThrows(IllegalStateException.class, () -> registry.update(TENANT, "c1", boom));
        Interaction after = registry.get(TENANT, "c1");
        assertEquals(state, after.state);
        assertNull(after.comments);
        assertEquals(live, registry.liveCount(TENANT));
    }

    @Test
    void failingInitCreatesNothing() {
        assertThrows(IllegalStateException.class, () -> registry.create(TENANT, "c1", OFFERED, MAX, d -> {
            throw new IllegalStateException("boom");
        }));
        assertFalse(registry.knows(TENANT, "c1"));
        assertEquals(0, registry.liveCount(TENANT));
        create("c1");
        assertEquals(1, registry.liveCount(TENANT));
    }

    @ParameterizedTest
    @EnumSource(value = InteractionState.class, names = {"FINISHED", "REJECTED"})
    void finalInteractionAnswersFinishedEverywhere(InteractionState fin) {
        driveTo("c1", fin);
        LifecycleException e = expect(Code.INTERACTION_FINISHED, () -> registry.get(TENANT, "c1"));
        assertEquals(Kind.GONE, e.code().kind());
        expect(Code.INTERACTION_FINISHED, () -> registry.update(TENANT, "c1", d -> d.comments = "late"));
        for (Move m : Move.values()) {
            expect(Code.INTERACTION_FINISHED, () -> move("c1", m));
        }
        // even a transition that names the final state as its source cannot revive it
        expect(Code.INTERACTION_FINISHED, () -> registry.transition(TENANT, "c1", states(fin), ACCEPTED, d -> { }));
        assertTrue(registry.knows(TENANT, "c1"));
        assertTrue(registry.list(TENANT).isEmpty());
        assertEquals(0, registry.liveCount(TENANT));
    }

    @Test
    void unknownInteractionIsNotFound() {
        create("c1");
        for (String id : new String[] {"nope", null}) {
            expect(Code.INTERACTION_NOT_FOUND, () -> registry.get(TENANT, id));
            expect(Code.INTERACTION_NOT_FOUND, () -> registry.update(TENANT, id, d -> { }));
            expect(Code.INTERACTION_NOT_FOUND, () -> move(id, Move.ACCEPT));
        }
        LifecycleException e = expect(Code.INTERACTION_NOT_FOUND, () -> registry.get("no-such-tenant", "c1"));
        assertEquals(Kind.NOT_FOUND, e.code().kind());
        assertFalse(registry.knows(TENANT, "nope"));
        assertFalse(registry.knows("no-such-tenant", "c1"));
        assertTrue(registry.list("no-such-tenant").isEmpty());
        assertEquals(0, registry.liveCount("no-such-tenant"));
    }

    @ParameterizedTest
    @EnumSource(value = InteractionState.class, names = {"OFFERED", "ACCEPTED", "ENDED"})
    void duplicateCreateOfLiveInteractionIsRejected(InteractionState state) {
        driveTo("c1", state);
        Interaction before = registry.get(TENANT, "c1");
        expect(Code.INTERACTION_EXISTS, () -> registry.create(TENANT, "c1", OFFERED, MAX, d -> d.callerNumber = "+1999"));
        expect(Code.INTERACTION_EXISTS, () -> registry.create(TENANT, "c1", ACCEPTED, MAX, d -> { }));
        Interaction after = registry.get(TENANT, "c1");
        assertEquals(state, after.state);
        assertEquals(before.callerNumber, after.callerNumber);
        assertEquals(before.startTime, after.startTime);
        assertEquals(1, registry.liveCount(TENANT));
    }

    @ParameterizedTest
    @EnumSource(value = InteractionState.class, names = {"FINISHED", "REJECTED"})
    void reCreateAfterFinalStartsAFreshInteraction(InteractionState fin) {
        registry.create(TENANT, "c1", OFFERED, MAX, d -> {
            d.callerNumber = "+111";
            d.comments = "first";
        });
        switch (fin) {
            case FINISHED -> { move("c1", Move.ACCEPT); move("c1", Move.END); move("c1", Move.FINISH); }
            default -> move("c1", Move.REJECT);
        }
        clock.advanceSeconds(120);
        Interaction fresh = registry.create(TENANT, "c1", OFFERED, MAX, d -> d.callerNumber = "+222");
        assertEquals(OFFERED, fresh.state);
        assertEquals(T0.plusSeconds(120), fresh.startTime);
        assertEquals("+222", fresh.callerNumber);
        assertNull(fresh.comments, "nothing of the old conversation survives");
        assertNull(fresh.endTime);
        assertNull(fresh.finishedTime);
        assertEquals(1, registry.liveCount(TENANT));
        assertEquals(OFFERED, registry.get(TENANT, "c1").state);
        move("c1", Move.ACCEPT);
        assertEquals(ACCEPTED, registry.get(TENANT, "c1").state);
    }

    @Nested
    class TenantIsolation {

        @Test
        void sameIdInTwoTenantsIsIndependent() {
            registry.create("t1", "same", OFFERED, MAX, d -> d.callerNumber = "+1");
            registry.create("t2", "same", OFFERED, MAX, d -> d.callerNumber = "+2");
            assertEquals("+1", registry.get("t1", "same").callerNumber);
            assertEquals("+2", registry.get("t2", "same").callerNumber);

            registry.transition("t1", "same", Move.REJECT.from, REJECTED, d -> { });
            expect(Code.INTERACTION_FINISHED, () -> registry.get("t1", "same"));
            assertEquals(OFFERED, registry.get("t2", "same").state);
            assertEquals(0, registry.liveCount("t1"));
            assertEquals(1, registry.liveCount("t2"));

            registry.update("t2", "same", d -> d.comments = "only t2");
            registry.create("t1", "same", OFFERED, MAX, d -> { });
            assertNull(registry.get("t1", "same").comments);
            assertEquals("only t2", registry.get("t2", "same").comments);
        }

        @Test
        void idOfOtherTenantIsNotFound() {
            registry.create("t1", "only-t1", OFFERED, MAX, d -> { });
            expect(Code.INTERACTION_NOT_FOUND, () -> registry.get("t2", "only-t1"));
            expect(Code.INTERACTION_NOT_FOUND, () -> registry.update("t2", "only-t1", d -> { }));
            registry.create("t2", "x", OFFERED, MAX, d -> { });
            expect(Code.INTERACTION_NOT_FOUND, () -> registry.get("t2", "only-t1"));
            assertFalse(registry.knows("t2", "only-t1"));
        }

        @Test
        void listShowsOnlyTheTenantsLiveInteractionsOldestFirst() {
            registry.create("t1", "a", OFFERED, MAX, d -> { });
            clock.advanceSeconds(1);
            registry.create("t2", "b", OFFERED, MAX, d -> { });
            clock.advanceSeconds(1);
            registry.create("t1", "c", OFFERED, MAX, d -> { });
            clock.advanceSeconds(1);
            registry.create("t1", "d", OFFERED, MAX, d -> { });
            registry.transition("t1", "d", Move.REJECT.from, REJECTED, d -> { });

            assertEquals(List.of("a", "c"), registry.list("t1").stream().map(i -> i.interactionId).toList());
            assertEquals(List.of("b"), registry.list("t2").stream().map(i -> i.interactionId).toList());
            assertTrue(registry.list("t1").stream().allMatch(i -> "t1".equals(i.tenantId)));
        }

        @Test
        void boundIsPerTenant() {
            registry.create("t1", "a", OFFERED, 1, d -> { });
            expect(Code.TOO_MANY_INTERACTIONS, () -> registry.create("t1", "b", OFFERED, 1, d -> { }));
            registry.create("t2", "a", OFFERED, 1, d -> { });
            assertEquals(1, registry.liveCount("t1"));
            assertEquals(1, registry.liveCount("t2"));
        }
    }

    @Nested
    class Bound {

        @Test
        void beyondMaxLiveIsRefusedAndLeavesNoTrace() {
            for (int i = 0; i < 3; i++) {
                registry.create(TENANT, "c" + i, OFFERED, 3, d -> { });
            }
            LifecycleException e = expect(Code.TOO_MANY_INTERACTIONS,
                    () -> registry.create(TENANT, "c3", OFFERED, 3, d -> { }));
            assertEquals(Kind.TOO_MANY, e.code().kind());
            assertFalse(registry.knows(TENANT, "c3"));
            assertEquals(3, registry.liveCount(TENANT));
            assertEquals(3, registry.list(TENANT).size());
            expect(Code.TOO_MANY_INTERACTIONS, () -> registry.create(TENANT, "c3", OFFERED, 3, d -> { }));
            assertEquals(3, registry.liveCount(TENANT), "refusals do not leak slots");
        }

        @Test
        void finishingOrRejectingFreesASlot() {
            registry.create(TENANT, "a", OFFERED, 2, d -> { });
            registry.create(TENANT, "b", OFFERED, 2, d -> { });
            expect(Code.TOO_MANY_INTERACTIONS, () -> registry.create(TENANT, "c", OFFERED, 2, d -> { }));

            move("a", Move.REJECT);
            assertEquals(1, registry.liveCount(TENANT));
            registry.create(TENANT, "c", OFFERED, 2, d -> { });
            expect(Code.TOO_MANY_INTERACTIONS, () -> registry.create(TENANT, "d", OFFERED, 2, d -> { }));

            move("b", Move.ACCEPT);
            move("b", Move.END);
            assertEquals(2, registry.liveCount(TENANT), "an ended interaction still counts until finished");
            expect(Code.TOO_MANY_INTERACTIONS, () -> registry.create(TENANT, "d", OFFERED, 2, d -> { }));
            move("b", Move.FINISH);
            registry.create(TENANT, "d", OFFERED, 2, d -> { });
            assertEquals(2, registry.liveCount(TENANT));
        }

        @Test
        void duplicateCreatesDoNotLeakSlots() {
            registry.create(TENANT, "a", OFFERED, 2, d -> { });
            for (int i = 0; i < 5; i++) {
                expect(Code.INTERACTION_EXISTS, () -> registry.create(TENANT, "a", OFFERED, 2, d -> { }));
            }
            assertEquals(1, registry.liveCount(TENANT));
            registry.create(TENANT, "b", OFFERED, 2, d -> { });
        }

        @Test
        void reCreateOverTombstoneCountsOnce() {
            driveTo("a", FINISHED);
            registry.create(TENANT, "a", OFFERED, 1, d -> { });
            assertEquals(1, registry.liveCount(TENANT));
            expect(Code.TOO_MANY_INTERACTIONS, () -> registry.create(TENANT, "b", OFFERED, 1, d -> { }));
        }
    }

    @Nested
    class Sweep {

        @Test
        void tombstoneLivesForTheGracePeriodThenIsForgotten() {
            driveTo("c1", FINISHED);
            clock.advanceSeconds(599);
            assertEquals(0, registry.sweep());
            clock.advanceSeconds(1);
            assertEquals(0, registry.sweep(), "exactly at the end of the grace period it is still remembered");
            expect(Code.INTERACTION_FINISHED, () -> registry.get(TENANT, "c1"));
            clock.advanceSeconds(1);
            assertEquals(1, registry.sweep());
            assertFalse(registry.knows(TENANT, "c1"));
            expect(Code.INTERACTION_NOT_FOUND, () -> registry.get(TENANT, "c1"));
            assertEquals(0, registry.liveCount(TENANT));
            assertEquals(0, registry.sweep());
        }

        @Test
        void rejectedTombstoneIsSweptToo() {
            driveTo("c1", REJECTED);
            clock.advanceSeconds(601);
            assertEquals(1, registry.sweep());
            assertFalse(registry.knows(TENANT, "c1"));
        }

        @Test
        void staleLiveInteractionIsNeverDroppedButListedAsIdle() {
            driveTo("old", ACCEPTED);
            clock.advanceSeconds(43200 - 100);
            create("young");
            clock.advanceSeconds(101);
            assertEquals(0, registry.sweep(), "the sweep forgets tombstones only; the timeouts end and log live ones");
            assertTrue(registry.knows(TENANT, "old"));
            assertEquals(2, registry.liveCount(TENANT));
            Instant staleBefore = clock.instant().minus(registry.staleTimeout());
            assertEquals(List.of("old"), registry.idleSince(TENANT, staleBefore, states(OFFERED, ACCEPTED, ENDED)).stream().map(i -> i.interactionId).toList());
        }

        @Test
        void activityKeepsAnInteractionFresh() {
            create("busy");
            create("idle");
            clock.advanceSeconds(40000);
            registry.update(TENANT, "busy", d -> d.comments = "still here");
            clock.advanceSeconds(4000);
            Instant staleBefore = clock.instant().minus(registry.staleTimeout());
            assertEquals(List.of("idle"), registry.idleSince(TENANT, staleBefore, states(OFFERED, ACCEPTED, ENDED)).stream().map(i -> i.interactionId).toList());
            clock.advanceSeconds(40000);
            move("busy", Move.ACCEPT);
            clock.advanceSeconds(4000);
            staleBefore = clock.instant().minus(registry.staleTimeout());
            assertEquals(List.of("idle"), registry.idleSince(TENANT, staleBefore, states(OFFERED, ACCEPTED, ENDED)).stream().map(i -> i.interactionId).toList());
            assertEquals(ACCEPTED, registry.get(TENANT, "busy").state);
        }

        @Test
        void anIdleTransitionActsOnlyOnAnInteractionThatStayedIdle() {
            driveTo("c1", ENDED);
            clock.advanceSeconds(600);
            Instant idleBefore = clock.instant().minusSeconds(300);
            registry.update(TENANT, "c1", d -> d.comments = "typing notes");
            assertTrue(registry.transitionIfIdle(TENANT, "c1", states(ENDED), FINISHED, idleBefore, d -> { }, d -> { })
                    .isEmpty(), "touched after idleBefore: left alone");
            assertEquals(ENDED, registry.get(TENANT, "c1").state);
            assertTrue(registry.transitionIfIdle(TENANT, "c1", states(ACCEPTED), FINISHED, clock.instant().plusSeconds(1),
                    d -> { }, d -> { }).isEmpty(), "not in a from state: left alone");
            List<Interaction> logged = new ArrayList<>();
            Interaction done = registry.transitionIfIdle(TENANT, "c1", states(ENDED), FINISHED,
                    clock.instant().plusSeconds(1), d -> d.dispositionCode = "Timed out", logged::add).orElseThrow();
            assertEquals(FINISHED, done.state);
            assertEquals("Timed out", logged.get(0).dispositionCode);
            assertTrue(registry.transitionIfIdle(TENANT, "c1", states(ENDED), FINISHED, clock.instant().plusSeconds(1),
                    d -> { }, d -> { }).isEmpty(), "already finished: empty, not an error");
            assertTrue(registry.transitionIfIdle(TENANT, "nope", states(ENDED), FINISHED, clock.instant(), d -> { },
                    d -> { }).isEmpty(), "unknown: empty, not an error");
        }

        @Test
        void sweepCoversAllTenantsAndMixedEntries() {
            registry.create("t1", "done", OFFERED, MAX, d -> { });
            registry.transition("t1", "done", Move.REJECT.from, REJECTED, d -> { });
            registry.create("t2", "live", OFFERED, MAX, d -> { });
            clock.advanceSeconds(601);
            registry.create("t2", "new", OFFERED, MAX, d -> { });
            assertEquals(1, registry.sweep());
            assertFalse(registry.knows("t1", "done"));
            assertTrue(registry.knows("t2", "live"));
            assertEquals(2, registry.liveCount("t2"));
        }

        @Test
        void afterSweepTheIdCanBeCreatedAgain() {
            driveTo("c1", FINISHED);
            clock.advanceSeconds(601);
            registry.sweep();
            create("c1");
            assertEquals(OFFERED, registry.get(TENANT, "c1").state);
            assertEquals(1, registry.liveCount(TENANT));
        }

        @Test
        void configIsClampedAndReconfigurable() {
            InteractionRegistry r = new InteractionRegistry(config(-5, 1), clock, new InMemoryInteractionStore());
            r.create(TENANT, "fin", OFFERED, MAX, d -> { });
            r.transition(TENANT, "fin", Move.REJECT.from, REJECTED, d -> { });
            r.create(TENANT, "live", OFFERED, MAX, d -> { });
            assertEquals(0, r.sweep(), "a negative grace acts as zero; zero time has passed");
            clock.advanceSeconds(1);
            assertEquals(1, r.sweep(), "the tombstone goes; the live one is kept");
            assertTrue(r.knows(TENANT, "live"));
            assertEquals(java.time.Duration.ofSeconds(60), r.staleTimeout(), "stale is at least 60 s");

            r.modified(config(3600, 43200));
            r.create(TENANT, "fin2", OFFERED, MAX, d -> { });
            r.transition(TENANT, "fin2", Move.REJECT.from, REJECTED, d -> { });
            clock.advanceSeconds(3600);
            assertEquals(0, r.sweep());
            clock.advanceSeconds(1);
            assertEquals(1, r.sweep());
        }
    }

    @Nested
    class Durability {

        InteractionRegistry restarted() {
            return new InteractionRegistry(config(600, 43200), clock, store);
        }

        @Test
        void aRestartBringsBackEveryLiveInteractionWithAllItsData() {
            registry.create(TENANT, "c1", OFFERED, MAX, d -> {
                d.callerNumber = "+4930123";
                d.agentId = "agent-7";
            });
            registry.transition(TENANT, "c1", states(OFFERED), ACCEPTED, d -> { });
            registry.update(TENANT, "c1", d -> {
                d.cavs.add(new Cav("1", "Account", "Custom", "42"));
                d.visitedObjects.add(new CrmObject("003A", "Contact", "Ada Lovelace", true, false));
                d.selectedName = d.visitedObjects.get(0);
                d.comments = "asked about invoice";
            });
            registry.create("other", "c1", OFFERED, MAX, d -> { });

            InteractionRegistry after = restarted();
            Interaction back = after.get(TENANT, "c1");
            assertEquals(ACCEPTED, back.state);
            assertEquals("+4930123", back.callerNumber);
            assertEquals("agent-7", back.agentId);
            assertEquals("42", back.cavs.get(0).value);
            assertEquals("Ada Lovelace", back.selectedName.name);
            assertEquals("asked about invoice", back.comments);
            assertEquals(T0, back.startTime);
            assertEquals(T0, back.establishedTime);
            assertEquals(1, after.liveCount(TENANT));
            assertEquals(OFFERED, after.get("other", "c1").state);
            // and the call goes on
            after.transition(TENANT, "c1", states(ACCEPTED), ENDED, d -> { });
            assertEquals(FINISHED, after.transition(TENANT, "c1", states(ENDED), FINISHED, d -> { }).state);
        }

        /** The sweeps walk the live ones only: an id that ends, comes back, fails to save or is restored is seen right. */
        @Test
        void theSweepsSeeExactlyTheLiveInteractionsThroughReuseFailuresAndRestarts() {
            create("a");
            create("b");
            move("b", Move.REJECT);
            create("b"); // a new conversation under the ended one's id
            driveTo("c", FINISHED);
            store.failing = true;
            assertThrows(RuntimeException.class, () -> create("d"));
            store.failing = false;
            clock.advanceSeconds(60);
            Instant now = clock.instant();
            assertEquals(List.of("a", "b"), registry.idleSince(TENANT, now, EnumSet.allOf(InteractionState.class))
                    .stream().map(i -> i.interactionId).toList());
            assertEquals(List.of("a", "b"), restarted().idleSince(TENANT, now, EnumSet.allOf(InteractionState.class))
                    .stream().map(i -> i.interactionId).toList());
            move("a", Move.REJECT);
            assertEquals(List.of("b"), registry.list(TENANT).stream().map(i -> i.interactionId).toList());
        }

        @Test
        void theLiveBoundAndTombstonesSurviveARestart() {
            registry.create(TENANT, "a", OFFERED, 2, d -> { });
            registry.create(TENANT, "b", OFFERED, 2, d -> { });
            registry.transition(TENANT, "b", states(OFFERED), REJECTED, d -> { });
            registry.create(TENANT, "c", OFFERED, 2, d -> { });

            InteractionRegistry after = restarted();
            expect(Code.TOO_MANY_INTERACTIONS, () -> after.create(TENANT, "d", OFFERED, 2, d -> { }));
            expect(Code.INTERACTION_FINISHED, () -> after.get(TENANT, "b"));
            clock.advanceSeconds(601);
            assertEquals(1, after.sweep());
            assertNull(store.get(TENANT, "b"), "the swept tombstone is gone from the store too");
            assertFalse(restarted().knows(TENANT, "b"));
        }

        @Test
        void aFinishedInteractionKeepsNoDataInTheStore() {
            driveTo("c1", FINISHED);
            assertEquals(FINISHED, store.get(TENANT, "c1").state());
            assertNull(store.get(TENANT, "c1").data());
        }

        @Test
        void whenTheStoreRefusesNothingChanges() {
            create("c1");
            store.failing = true;
            assertThrows(InteractionStoreException.class, () -> create("c2"));
            assertFalse(registry.knows(TENANT, "c2"));
            assertEquals(1, registry.liveCount(TENANT));
            assertThrows(InteractionStoreException.class, () -> move("c1", Move.ACCEPT));
            assertThrows(InteractionStoreException.class, () -> registry.update(TENANT, "c1", d -> d.comments = "x"));
            Interaction same = registry.get(TENANT, "c1");
            assertEquals(OFFERED, same.state);
            assertNull(same.comments);
            store.failing = false;
            assertEquals(ACCEPTED, move("c1", Move.ACCEPT).state);
            create("c2");
            assertEquals(2, registry.liveCount(TENANT));
        }

        @Test
        void aRefusedSaveOfANewIdKeepsTheOldTombstone() {
            driveTo("c1", REJECTED);
            store.failing = true;
            assertThrows(InteractionStoreException.class, () -> create("c1"));
            expect(Code.INTERACTION_FINISHED, () -> registry.get(TENANT, "c1"));
            assertEquals(0, registry.liveCount(TENANT));
        }

        @Test
        void theLogIsTakenBeforeTheStateIsSaved() {
            driveTo("c1", ENDED);
            List<String> order = new ArrayList<>();
            int savesBefore = store.saves.get();
            registry.transition(TENANT, "c1", states(ENDED), FINISHED, d -> { },
                    done -> order.add("log taken with " + (store.saves.get() - savesBefore) + " saves"));
            assertEquals(List.of("log taken with 0 saves"), order);
            assertEquals(FINISHED, store.get(TENANT, "c1").state());
        }
    }

    @Nested
    class Snapshots {

        private Interaction rich() {
            return registry.create(TENANT, "c1", OFFERED, MAX, d -> {
                d.attributes.put("language", "de");
                d.engagementParameters.put("flow", "sales");
                d.customFields.put("vip", true);
                d.settings.put("showPop", true);
                d.cavs.add(new Cav("1", "account", "crm", "4711"));
                d.softphoneData.put("channelName", "pstn");
                d.workCodes.add("W1");
                d.visitedObjects.add(new CrmObject("003A", "Contact", "Ann", true, false));
                d.nameOptions.add(new CrmObject("003B", "Contact", "Bob", true, false));
                d.relatedToOptions.add(new CrmObject("500A", "Case", "Case 1", false, true));
                d.searchResults.add(new CrmObject("003C", "Contact", "Cid", true, false));
                d.selectedName = new CrmObject("003A", "Contact", "Ann", true, false);
                d.selectedRelatedTo = new CrmObject("500A", "Case", "Case 1", false, true);
                d.draftAttachments.add(new java.util.LinkedHashMap<>(java.util.Map.of("name", "a.pdf")));
            });
        }

        private void vandalise(Interaction s) {
            s.callerNumber = "changed";
            s.state = FINISHED;
            s.attributes.put("language", "xx");
            s.engagementParameters.clear();
            s.customFields.put("vip", false);
            s.settings.clear();
            s.cavs.get(0).value = "changed";
            s.cavs.add(new Cav());
            s.softphoneData.clear();
            s.workCodes.clear();
            s.visitedObjects.get(0).name = "changed";
            s.nameOptions.clear();
            s.relatedToOptions.get(0).url = "changed";
            s.searchResults.add(new CrmObject());
            s.selectedName.name = "changed";
            s.selectedRelatedTo.name = "changed";
            s.draftAttachments.get(0).put("name", "changed");
        }

        private void assertPristine(Interaction s) {
            assertEquals(OFFERED, s.state);
            assertEquals("de", s.attributes.get("language"));
            assertEquals("sales", s.engagementParameters.get("flow"));
            assertEquals(true, s.customFields.get("vip"));
            assertEquals(true, s.settings.get("showPop"));
            assertEquals(1, s.cavs.size());
            assertEquals("4711", s.cavs.get(0).value);
            assertEquals("pstn", s.softphoneData.get("channelName"));
            assertEquals(List.of("W1"), s.workCodes);
            assertEquals("Ann", s.visitedObjects.get(0).name);
            assertEquals(1, s.nameOptions.size());
            assertNull(s.relatedToOptions.get(0).url);
            assertEquals(1, s.searchResults.size());
            assertEquals("Ann", s.selectedName.name);
            assertEquals("Case 1", s.selectedRelatedTo.name);
            assertEquals("a.pdf", s.draftAttachments.get(0).get("name"));
        }

        @Test
        void mutatingAnySnapshotChangesNothing() {
            vandalise(rich());
            Interaction got = registry.get(TENANT, "c1");
            assertNull(got.callerNumber, "the snapshot's caller number was changed, not the registry's");
            assertPristine(got);
            vandalise(got);
            assertPristine(registry.get(TENANT, "c1"));
            vandalise(registry.update(TENANT, "c1", d -> d.comments = "x"));
            assertPristine(registry.get(TENANT, "c1"));
            vandalise(registry.transition(TENANT, "c1", Move.ACCEPT.from, ACCEPTED, d -> { }));
            Interaction accepted = registry.get(TENANT, "c1");
            assertEquals(ACCEPTED, accepted.state);
            accepted.state = OFFERED;
            assertPristine(accepted);
            for (Interaction listed : registry.list(TENANT)) {
                vandalise(listed);
            }
            Interaction again = registry.get(TENANT, "c1");
            again.state = OFFERED;
            assertPristine(again);
        }

        @Test
        void everyCallReturnsADistinctObject() {
            create("c1");
            Interaction a = registry.get(TENANT, "c1");
            Interaction b = registry.get(TENANT, "c1");
            assertNotSame(a, b);
            assertNotSame(a.attributes, b.attributes);
            assertNotSame(a.cavs, b.cavs);
        }

        @Test
        void copyIsDeepAndComplete() {
            Interaction s = rich();
            s.legId = 2;
            s.ucid = "u";
            s.priority = 5;
            s.durationSeconds = 12L;
            s.draftSavedSuccessfully = Boolean.TRUE;
            s.lastUpdatedAt = T0;
            s.transferredBy = "sup";
            s.visitedObjects.get(0).url = "https://crm/003A";
            Interaction c = Interactions.copy(s);
            assertNotSame(s, c);
            assertEquals(2, c.legId);
            assertEquals("u", c.ucid);
            assertEquals(5, c.priority);
            assertEquals(12L, c.durationSeconds);
            assertEquals(Boolean.TRUE, c.draftSavedSuccessfully);
            assertEquals(T0, c.lastUpdatedAt);
            assertEquals("sup", c.transferredBy);
            assertEquals("https://crm/003A", c.visitedObjects.get(0).url, "CrmObject urls are copied");
            assertNotSame(s.selectedName, c.selectedName);
            assertEquals(s.selectedName, c.selectedName);
            assertNotSame(s.cavs.get(0), c.cavs.get(0));
            assertNotSame(s.draftAttachments.get(0), c.draftAttachments.get(0));
            assertNull(Interactions.copy((CrmObject) null));
            vandalise(c);
            assertPristine(s);
        }
    }

    @Nested
    class OwedPops {

        static final Duration OVERDUE = Duration.ofSeconds(8);

        List<String> claim(InteractionRegistry r) {
            return claimOwedPops(r, TENANT, OVERDUE, i -> true).stream().map(i -> i.interactionId).toList();
        }

        /** A call created by a change that pops: its create save records the pop as owed. */
        Interaction createOwing(String id) {
            return registry.create(TENANT, id, OFFERED, MAX, d -> d.callerNumber = "+4930123", d -> true);
        }

        @Test
        void aCreateThatPopsRecordsThePopAsOwedInItsOwnSave() {
            createOwing("c1");
            assertEquals(1, store.durableSaves.get(), "one durable save: the create carries the owed mark");
            assertEquals(T0, store.get(TENANT, "c1").popOwedSince());
        }

        @Test
        void theTestOfWhetherAChangePopsSeesTheInteractionAfterTheChange() {
            registry.create(TENANT, "c1", OFFERED, MAX, d -> d.agentId = "a1", d -> d.agentId == null);
            assertNull(store.get(TENANT, "c1").popOwedSince(), "a change that does not pop owes nothing");
            clock.advanceSeconds(3);
            registry.transition(TENANT, "c1", states(OFFERED), ACCEPTED, d -> d.agentId = "a2", done -> { },
                    d -> d.state == ACCEPTED && "a2".equals(d.agentId));
            assertEquals(2, store.durableSaves.get(), "the create and the accept, nothing besides");
            assertEquals(T0.plusSeconds(3), store.get(TENANT, "c1").popOwedSince());
        }

        @Test
        void aMoveThatDoesNotPopKeepsAPopOwedBefore() {
            createOwing("c1");
            clock.advanceSeconds(3);
            registry.transition(TENANT, "c1", states(OFFERED), ACCEPTED, d -> { }, done -> { }, d -> false);
            assertEquals(T0, store.get(TENANT, "c1").popOwedSince());
        }

        @Test
        void anOwedPopIsClaimedOnceOverdueAndThenOnlyAfterAnotherDelay() {
            createOwing("c1");
            create("c2");
            assertEquals(List.of(), claim(registry), "not overdue yet: its lookup may still be running");
            clock.advanceSeconds(9);
            assertEquals(List.of("c1"), claim(registry), "c2 owes nothing");
            assertEquals(List.of(), claim(registry), "claimed: nobody else redoes it meanwhile");
            clock.advanceSeconds(9);
            assertEquals(List.of("c1"), claim(registry), "the redo was not shown either: claimed again");
        }

        @Test
        void aShownPopIsOwedNoMoreAndItsChangeIsKept() {
            createOwing("c1");
            registry.popShown(TENANT, "c1", i -> i.comments = "matched");
            assertNull(store.get(TENANT, "c1").popOwedSince());
            clock.advanceSeconds(60);
            assertEquals(List.of(), claim(registry));
            assertEquals("matched", registry.get(TENANT, "c1").comments);
        }

        @Test
        void claimingNeitherChangesTheDataNorTouchesTheInteraction() {
            createOwing("c1");
            clock.advanceSeconds(9);
            claim(registry);
            assertEquals(T0, store.get(TENANT, "c1").touched(), "the idle timeouts still count from the event");
            assertEquals(T0.plusSeconds(9), store.get(TENANT, "c1").popOwedSince(), "claimed: owed since the claim");
            assertEquals("+4930123", registry.get(TENANT, "c1").callerNumber);
        }

        @Test
        void aPopTheRulesNoLongerWantIsDroppedNotClaimed() {
            createOwing("c1");
            clock.advanceSeconds(9);
            assertEquals(List.of(), claimOwedPops(registry, TENANT, OVERDUE, i -> i.state == ACCEPTED));
            assertEquals(List.of(), claim(registry), "owed no more");
        }

        @Test
        void aFinishedInteractionOwesNoPop() {
            createOwing("c1");
            move("c1", Move.REJECT);
            assertNull(store.get(TENANT, "c1").popOwedSince(), "a tombstone owes nothing");
            clock.advanceSeconds(9);
            assertEquals(List.of(), claim(registry));
        }

        @Test
        void anOwedPopSurvivesARestartAndIsClaimedThere() {
            createOwing("c1");
            createOwing("c2");
            registry.transition(TENANT, "c1", states(OFFERED), ACCEPTED, d -> d.comments = "answered");
            registry.popShown(TENANT, "c2", d -> { });
            clock.advanceSeconds(9);
            InteractionRegistry after = new InteractionRegistry(config(600, 43200), clock, store);
            assertEquals(List.of("c1"), claim(after), "a move keeps the pop owed; the shown one is not");
            assertEquals("answered", after.get(TENANT, "c1").comments);
        }

        @Test
        void aPopOwedInsideTheDataOfAnEarlierVersionIsStillClaimedAfterTheUpgrade() {
            create("c1");
            InteractionStore.Entry current = store.get(TENANT, "c1");
            // as the previous version stored it: the owed time inside the data, no field
            String data = new String(current.data(), StandardCharsets.UTF_8);
            store.save(new InteractionStore.Entry(TENANT, "c1", current.state(), current.touched(),
                    ("{\"popOwedSince\":\"" + T0 + "\"," + data.substring(1)).getBytes(StandardCharsets.UTF_8)));
            clock.advanceSeconds(9);
            InteractionRegistry upgraded = new InteractionRegistry(config(600, 43200), clock, store);
            assertEquals("+4930123", upgraded.get(TENANT, "c1").callerNumber);
            assertEquals(List.of("c1"), claim(upgraded));
            InteractionStore.Entry claimed = store.get(TENANT, "c1");
            assertEquals(T0.plusSeconds(9), claimed.popOwedSince(), "the field carries it from now on");
            assertFalse(new String(claimed.data(), StandardCharsets.UTF_8).contains("popOwedSince"));
            upgraded.popShown(TENANT, "c1", d -> { });
            clock.advanceSeconds(60);
            assertEquals(List.of(), claim(new InteractionRegistry(config(600, 43200), clock, store)),
                    "shown: owed no more, after another restart too");
        }
    }

    /** A store that runs what goes beside a save before "the disk" confirms it, and may then fail it. */
    static final class SlowDiskStore extends InMemoryInteractionStore {
        final List<String> order = new CopyOnWriteArrayList<>();
        volatile boolean failAfterWrite;

        @Override
        public void saveWhile(Entry entry, Runnable meanwhile) {
            order.add("written " + entry.interactionId());
            meanwhile.run();
            if (failAfterWrite) {
                throw new InteractionStoreException("fsync failed (test)", null);
            }
            save(entry);
            order.add("durable " + entry.interactionId());
        }
    }

    @Test
    void whatRunsBesideACreationGetsTheNewInteractionBeforeItIsDurable() {
        SlowDiskStore disk = new SlowDiskStore();
        InteractionRegistry r = new InteractionRegistry(config(600, 43200), clock, disk);
        List<String> popped = new ArrayList<>();
        Interaction created = r.create(TENANT, "c1", OFFERED, MAX, d -> d.callerNumber = "+4930123", null, written -> {
            popped.add(written.interactionId + " " + written.callerNumber + " " + written.state);
            disk.order.add("popped " + written.interactionId);
        });
        assertEquals(List.of("c1 +4930123 OFFERED"), popped);
        assertEquals(List.of("written c1", "popped c1", "durable c1"), disk.order);
        assertEquals(OFFERED, created.state);
    }

    @Test
    void aCreationTheDiskRefusesAfterItsPopStartedIsRefusedAndLeavesNothing() {
        SlowDiskStore disk = new SlowDiskStore();
        disk.failAfterWrite = true;
        InteractionRegistry r = new InteractionRegistry(config(600, 43200), clock, disk);
        List<String> popped = new ArrayList<>();
        assertThrows(InteractionStoreException.class,
                () -> r.create(TENANT, "c1", OFFERED, MAX, d -> { }, null, written -> popped.add(written.interactionId)));
        assertEquals(List.of("c1"), popped, "the pop may have started: the softphone sends the call again");
        assertFalse(r.knows(TENANT, "c1"));
        disk.failAfterWrite = false;
        assertEquals(OFFERED, r.create(TENANT, "c1", OFFERED, MAX, d -> { }).state, "the retry is taken");
    }

    @Test
    void whatRunsBesideACreationCannotFailIt() {
        Interaction created = registry.create(TENANT, "c1", OFFERED, MAX, d -> { }, null, written -> {
            throw new IllegalStateException("lookups stopped");
        });
        assertEquals(OFFERED, created.state);
        assertTrue(registry.knows(TENANT, "c1"));
    }

    /** One tenant's claim, through the sweep's claim over every tenant. */
    private static List<Interaction> claimOwedPops(InteractionRegistry registry, String tenantId, Duration owedFor,
            Predicate<Interaction> wanted) {
        return registry.claimOwedPops(owedFor, t -> t.equals(tenantId) ? wanted : null)
                .getOrDefault(tenantId, List.of());
    }
}
