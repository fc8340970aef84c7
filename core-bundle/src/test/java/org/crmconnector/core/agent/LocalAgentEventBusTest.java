package org.crmconnector.core.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.crmconnector.eventbus.AgentSubscription;
import org.crmconnector.eventbus.AgentTopic;
import org.crmconnector.testing.ComponentConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What only the in-process bus does: forget idle topics, apply new settings in place. */
class LocalAgentEventBusTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final LocalAgentEventBus bus = new LocalAgentEventBus(config(300), now::get);

    @AfterEach
    void stop() {
        bus.deactivate();
    }

    private static AgentChannelConfig config(int retentionSeconds) {
        return ComponentConfig.of(AgentChannelConfig.class, "replay_retention_seconds", retentionSeconds);
    }

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void idleBuffersWithoutSubscribersAreDroppedAfterTheRetention() {
        AgentTopic a = new AgentTopic("t1", "agent-a", "agentEvents");
        AgentTopic b = new AgentTopic("t1", "agent-b", "softphoneCallbacks");
        bus.publish(a, "screenPop", json("{}"));
        now.addAndGet(TimeUnit.SECONDS.toNanos(200));
        bus.publish(b, "start_call", json("{}"));
        now.addAndGet(TimeUnit.SECONDS.toNanos(150));

        bus.evictIdle();
        assertEquals(1, bus.topics(), "a was idle 350 s, b only 150 s");

        // a starts afresh: a client resuming now gets what is published from here on
        assertEquals(1, bus.publish(a, "screenPop", json("{}")));
        now.addAndGet(TimeUnit.SECONDS.toNanos(301));
        bus.evictIdle();
        assertEquals(0, bus.topics());
    }

    @Test
    void aTopicWithASubscriptionIsKeptHoweverLongItIsQuiet() {
        AgentTopic a = new AgentTopic("t1", "agent-a", "agentEvents");
        AgentSubscription held = bus.subscribe(a);
        bus.publish(a, "screenPop", json("{}"));
        now.addAndGet(TimeUnit.SECONDS.toNanos(1_000));
        bus.evictIdle();
        assertEquals(1, bus.topics());
        held.close();
        now.addAndGet(TimeUnit.SECONDS.toNanos(301));
        bus.evictIdle();
        assertEquals(0, bus.topics(), "dropped once idle for the retention after the last subscriber left");
    }

    @Test
    void aNewRetentionAppliesInPlaceAndKeepsTheBuffers() {
        AgentTopic a = new AgentTopic("t1", "agent-a", "agentEvents");
        bus.publish(a, "screenPop", json("{}"));
        bus.modified(config(60));
        assertEquals(2, bus.publish(a, "screenPop", json("{}")), "the buffer and its ids survive the change");
        now.addAndGet(TimeUnit.SECONDS.toNanos(61));
        bus.evictIdle();
        assertEquals(0, bus.topics(), "idle longer than the new 60 s, though not the old 300 s");
    }
}
