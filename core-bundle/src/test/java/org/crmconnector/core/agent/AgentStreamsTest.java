package org.crmconnector.core.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.crmconnector.testing.ComponentConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AgentStreamsTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final AgentStreams streams = new AgentStreams(config(300), now::get);

    @AfterEach
    void stop() {
        streams.deactivate();
    }

    private static AgentChannelConfig config(int retentionSeconds) {
        return ComponentConfig.of(AgentChannelConfig.class, "replay_retention_seconds", retentionSeconds);
    }

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void eachAgentStreamHasItsOwnEventIds() {
        AgentStreams.Topic a = new AgentStreams.Topic("t1", "agent-a", StreamKind.AGENT_EVENTS);
        AgentStreams.Topic b = new AgentStreams.Topic("t1", "agent-b", StreamKind.AGENT_EVENTS);
        AgentStreams.Topic otherTenant = new AgentStreams.Topic("t2", "agent-a", StreamKind.AGENT_EVENTS);
        assertEquals(1, streams.publish(a, "screenPop", json("{}")));
        assertEquals(2, streams.publish(a, "screenPop", json("{}")));
        assertEquals(1, streams.publish(b, "screenPop", json("{}")));
        assertEquals(1, streams.publish(otherTenant, "screenPop", json("{}")));
        assertEquals(3, streams.topics());
    }

    @Test
    void idleBuffersWithoutListenersAreDroppedAfterTheRetention() {
        AgentStreams.Topic a = new AgentStreams.Topic("t1", "agent-a", StreamKind.AGENT_EVENTS);
        AgentStreams.Topic b = new AgentStreams.Topic("t1", "agent-b", StreamKind.SOFTPHONE_CALLBACKS);
        streams.publish(a, "screenPop", json("{}"));
        now.addAndGet(TimeUnit.SECONDS.toNanos(200));
        streams.publish(b, "start_call", json("{}"));
        now.addAndGet(TimeUnit.SECONDS.toNanos(150));

        streams.evictIdle();
        assertEquals(1, streams.topics(), "a was idle 350 s, b only 150 s");

        // a starts afresh: a client resuming now gets what is published from here on
        assertEquals(1, streams.publish(a, "screenPop", json("{}")));
        now.addAndGet(TimeUnit.SECONDS.toNanos(301));
        streams.evictIdle();
        assertEquals(0, streams.topics());
    }

    @Test
    void aNewRetentionAppliesInPlaceAndKeepsTheBuffers() {
        AgentStreams.Topic a = new AgentStreams.Topic("t1", "agent-a", StreamKind.AGENT_EVENTS);
        streams.publish(a, "screenPop", json("{}"));
        streams.modified(config(60));
        assertEquals(2, streams.publish(a, "screenPop", json("{}")), "the buffer and its ids survive the change");
        now.addAndGet(TimeUnit.SECONDS.toNanos(61));
        streams.evictIdle();
        assertEquals(0, streams.topics(), "idle longer than the new 60 s, though not the old 300 s");
    }
}
