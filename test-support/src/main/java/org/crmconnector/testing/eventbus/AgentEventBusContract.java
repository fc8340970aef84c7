package org.crmconnector.testing.eventbus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import org.crmconnector.eventbus.AgentEvent;
import org.crmconnector.eventbus.AgentEventBus;
import org.crmconnector.eventbus.AgentEventListener;
import org.crmconnector.eventbus.AgentSubscription;
import org.crmconnector.eventbus.AgentTopic;
import org.junit.jupiter.api.Test;

/**
 * What every {@link AgentEventBus} must do, as its javadoc states it. An
 * implementation's test extends this and says how to reach the bus; a bus
 * shared by nodes also says how to reach a second node's instance over the
 * same store ({@link #otherNode}), and every test then runs across the two.
 * Each test uses a tenant of its own, so a store shared between tests is fine.
 */
public abstract class AgentEventBusContract {

    /** The bus under test, as the node publishing sees it. */
    protected abstract AgentEventBus bus();

    /** The same bus seen from another node; the same instance for an in-process bus. */
    protected AgentEventBus otherNode() {
        return bus();
    }

    /** How long a live event may take to arrive: generous, only a failing test waits that long. */
    protected Duration deliveryWait() {
        return Duration.ofSeconds(10);
    }

    private final String tenant = "contract-" + UUID.randomUUID().toString().substring(0, 8);

    private AgentTopic topic(String agent) {
        return new AgentTopic(tenant, agent, "agentEvents");
    }

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Records what a subscription receives; waits on arrival, never on the clock alone. */
    public static final class Received implements AgentEventListener {
        private final List<AgentEvent> events = new ArrayList<>();

        @Override
        public synchronized void onEvent(AgentEvent event) {
            events.add(event);
            notifyAll();
        }

        public synchronized List<AgentEvent> awaitCount(int count, Duration wait) throws InterruptedException {
            long deadline = System.nanoTime() + wait.toNanos();
            while (events.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return List.copyOf(events);
        }

        public synchronized List<Long> ids() {
            return events.stream().map(AgentEvent::id).toList();
        }
    }

    @Test
    void eachPublishTakesTheNextIdOfItsTopicStartingAtOne() {
        AgentTopic a = topic("agent-a");
        assertEquals(1, bus().publish(a, "screenPop", json("{\"n\":1}")));
        assertEquals(2, bus().publish(a, "screenPop", json("{\"n\":2}")));
        assertEquals(3, otherNode().publish(a, "screenPop", json("{\"n\":3}")), "ids are per topic on every node");
    }

    @Test
    void topicsAreCountedAndKeptApart() {
        AgentTopic a = topic("agent-a");
        AgentTopic b = topic("agent-b");
        AgentTopic otherStream = new AgentTopic(tenant, "agent-a", "softphoneCallbacks");
        AgentTopic otherTenant = new AgentTopic(tenant + "x", "agent-a", "agentEvents");
        bus().publish(a, "screenPop", json("{}"));
        bus().publish(a, "screenPop", json("{}"));
        assertEquals(1, bus().publish(b, "screenPop", json("{}")));
        assertEquals(1, bus().publish(otherStream, "start_call", json("{}")));
        assertEquals(1, bus().publish(otherTenant, "screenPop", json("{}")));
        assertEquals(List.of(1L, 2L), otherNode().replay(a, 0).stream().map(AgentEvent::id).toList());
        assertEquals(1, otherNode().replay(otherTenant, 0).size());
    }

    @Test
    void replayReturnsExactlyTheEventsAfterTheGivenIdOldestFirstWithTheirContent() {
        AgentTopic a = topic("agent-a");
        for (int i = 1; i <= 5; i++) {
            bus().publish(a, i % 2 == 0 ? "logSaved" : "screenPop", json("{\"n\":" + i + "}"));
        }
        List<AgentEvent> missed = otherNode().replay(a, 2);
        assertEquals(List.of(3L, 4L, 5L), missed.stream().map(AgentEvent::id).toList());
        assertEquals("screenPop", missed.get(0).name());
        assertEquals("logSaved", missed.get(1).name());
        assertArrayEquals(json("{\"n\":3}"), missed.get(0).data());
        assertEquals(a, missed.get(0).topic());
        assertEquals(List.of(), otherNode().replay(a, 5));
        assertEquals(List.of(), otherNode().replay(a, 99), "an id past the last replays nothing");
        assertEquals(List.of(), otherNode().replay(topic("nobody"), 0));
    }

    @Test
    void aSubscriptionOnAnotherNodeReceivesLiveEventsInIdOrder() throws InterruptedException {
        AgentTopic a = topic("agent-a");
        Received received = new Received();
        try (AgentSubscription s = otherNode().subscribe(a)) {
            assertEquals(a, s.topic());
            s.start(AgentSubscription.NO_REPLAY, received);
            for (int i = 0; i < 20; i++) {
                bus().publish(a, "screenPop", json("{\"n\":" + i + "}"));
            }
            List<AgentEvent> got = received.awaitCount(20, deliveryWait());
            assertEquals(LongStream.rangeClosed(1, 20).boxed().toList(), got.stream().map(AgentEvent::id).toList());
            assertArrayEquals(json("{\"n\":19}"), got.get(19).data());
        }
    }

    @Test
    void noReplayMeansOnlyEventsPublishedAfterTheStart() throws InterruptedException {
        AgentTopic a = topic("agent-a");
        bus().publish(a, "screenPop", json("{}"));
        Received received = new Received();
        try (AgentSubscription s = otherNode().subscribe(a)) {
            s.start(AgentSubscription.NO_REPLAY, received);
            bus().publish(a, "screenPop", json("{}"));
            assertEquals(List.of(2L), received.awaitCount(1, deliveryWait()).stream().map(AgentEvent::id).toList());
        }
    }

    @Test
    void aResumedSubscriptionGetsWhatItMissedThenLiveEventsEachOnce() throws InterruptedException {
        AgentTopic a = topic("agent-a");
        for (int i = 0; i < 5; i++) {
            bus().publish(a, "screenPop", json("{}"));
        }
        Received received = new Received();
        try (AgentSubscription s = otherNode().subscribe(a)) {
            s.start(3, received);
            bus().publish(a, "screenPop", json("{}"));
            assertEquals(List.of(4L, 5L, 6L), received.awaitCount(3, deliveryWait()).stream().map(AgentEvent::id).toList());
        }
    }

    @Test
    void eventsPublishedWhileASubscriptionResumesArriveOnceAndInOrder() throws Exception {
        AgentTopic a = topic("agent-a");
        int before = 50;
        int during = 200;
        for (int i = 0; i < before; i++) {
            bus().publish(a, "screenPop", json("{}"));
        }
        CountDownLatch go = new CountDownLatch(1);
        Thread publisher = new Thread(() -> {
            try {
                go.await();
                for (int i = 0; i < during; i++) {
                    bus().publish(a, "screenPop", json("{}"));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        publisher.start();
        Received received = new Received();
        try (AgentSubscription s = otherNode().subscribe(a)) {
            go.countDown();
            s.start(10, received);
            publisher.join();
            List<AgentEvent> got = received.awaitCount(before + during - 10, deliveryWait());
            assertEquals(LongStream.rangeClosed(11, before + during).boxed().toList(),
                    got.stream().map(AgentEvent::id).toList(), "no gap and no duplicate across replay and live");
        }
    }

    @Test
    void concurrentPublishersOnTwoNodesGetDistinctConsecutiveIds() throws Exception {
        AgentTopic a = topic("agent-a");
        int each = 100;
        List<Long> ids = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread one = new Thread(() -> {
            for (int i = 0; i < each; i++) {
                ids.add(bus().publish(a, "screenPop", json("{}")));
            }
        });
        Thread two = new Thread(() -> {
            for (int i = 0; i < each; i++) {
                ids.add(otherNode().publish(a, "screenPop", json("{}")));
            }
        });
        one.start();
        two.start();
        one.join();
        two.join();
        assertEquals(LongStream.rangeClosed(1, 2L * each).boxed().toList(), ids.stream().sorted().toList());
    }

    @Test
    void aClosedSubscriptionReceivesNothingMoreAndCannotBeRestarted() throws InterruptedException {
        AgentTopic a = topic("agent-a");
        Received closed = new Received();
        Received open = new Received();
        AgentSubscription s = otherNode().subscribe(a);
        s.start(AgentSubscription.NO_REPLAY, closed);
        try (AgentSubscription witness = otherNode().subscribe(a)) {
            witness.start(AgentSubscription.NO_REPLAY, open);
            bus().publish(a, "screenPop", json("{}"));
            closed.awaitCount(1, deliveryWait());
            s.close();
            s.close(); // idempotent
            bus().publish(a, "screenPop", json("{}"));
            // the witness has seen event 2, so a bus that were to deliver it to the closed one had its chance
            assertEquals(List.of(1L, 2L), open.awaitCount(2, deliveryWait()).stream().map(AgentEvent::id).toList());
            assertEquals(List.of(1L), closed.ids());
        }
        assertThrows(IllegalStateException.class, () -> s.start(0, closed));
    }

    @Test
    void aSubscriptionIsStartedOnce() {
        try (AgentSubscription s = bus().subscribe(topic("agent-a"))) {
            s.start(AgentSubscription.NO_REPLAY, e -> { });
            assertThrows(IllegalStateException.class, () -> s.start(AgentSubscription.NO_REPLAY, e -> { }));
        }
    }

    @Test
    void aListenerThatThrowsDoesNotStopOthersNorThePublisher() throws InterruptedException {
        AgentTopic a = topic("agent-a");
        Received received = new Received();
        try (AgentSubscription bad = otherNode().subscribe(a); AgentSubscription good = otherNode().subscribe(a)) {
            bad.start(AgentSubscription.NO_REPLAY, e -> {
                throw new IllegalStateException("listener failure (expected by the test)");
            });
            good.start(AgentSubscription.NO_REPLAY, received);
            assertEquals(1, bus().publish(a, "screenPop", json("{}")));
            assertEquals(2, bus().publish(a, "screenPop", json("{}")));
            assertTrue(received.awaitCount(2, deliveryWait()).size() == 2);
        }
    }
}
