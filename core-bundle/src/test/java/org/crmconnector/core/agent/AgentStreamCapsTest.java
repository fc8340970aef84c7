package org.crmconnector.core.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.crmconnector.core.refusal.Refusal;
import org.crmconnector.testing.ComponentConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What one tenant can make the agent channel hold: agents with buffers, streams per agent and per tenant. */
class AgentStreamCapsTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final AgentChannelConfig config = ComponentConfig.of(AgentChannelConfig.class,
            "replay_retention_seconds", 300, "max_agents_per_tenant", 2, "max_streams_per_agent", 2,
            "max_streams_per_tenant", 3);
    private final LocalAgentEventBus bus = new LocalAgentEventBus(config, now::get);
    private final AgentStreams streams = new AgentStreams(config, bus, new org.crmconnector.core.metrics.Metrics(), now::get);

    @AfterEach
    void stop() {
        streams.deactivate();
        bus.deactivate();
    }

    private static AgentStreams.Topic events(String tenant, String agent) {
        return new AgentStreams.Topic(tenant, agent, StreamKind.AGENT_EVENTS);
    }

    private static AgentStreams.Topic callbacks(String tenant, String agent) {
        return new AgentStreams.Topic(tenant, agent, StreamKind.SOFTPHONE_CALLBACKS);
    }

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void eventsForMoreAgentsThanATenantMayHaveAreRefusedAndMakeNothing() {
        streams.publish(events("t1", "a"), "agentStatus", json("{}"));
        streams.publish(callbacks("t1", "a"), "start_call", json("{}"));
        streams.publish(events("t1", "b"), "agentStatus", json("{}"));
        Refusal e = assertThrows(Refusal.class, () -> streams.publish(events("t1", "zz-made-up"), "agentStatus", json("{}")));
        assertEquals(Refusal.Kind.TOO_MANY, e.kind());
        assertEquals("TOO_MANY_AGENTS", e.code());
        assertTrue(e.getMessage().contains("max.agents.per.tenant"), e.getMessage());
        assertEquals(3, bus.topics(), "no buffer was made for the refused agent");
        assertEquals(2, bus.agents("t1"));
        // agents the tenant has keep working, with both their kinds; other tenants have caps of their own
        assertEquals(2, streams.publish(events("t1", "a"), "agentStatus", json("{}")));
        assertEquals(1, streams.publish(callbacks("t1", "b"), "start_call", json("{}")));
        assertEquals(1, streams.publish(events("t2", "zz-made-up"), "agentStatus", json("{}")));
    }

    @Test
    void idleAgentsGiveTheirPlaceBack() {
        streams.publish(events("t1", "a"), "agentStatus", json("{}"));
        streams.publish(events("t1", "b"), "agentStatus", json("{}"));
        assertThrows(Refusal.class, () -> streams.publish(events("t1", "c"), "agentStatus", json("{}")));
        now.addAndGet(TimeUnit.SECONDS.toNanos(301));
        bus.evictIdle();
        assertEquals(0, bus.agents("t1"));
        assertEquals(1, streams.publish(events("t1", "c"), "agentStatus", json("{}")));
    }

    @Test
    void theConnectorsOwnEventsForAnAgentWithoutRoomAreDroppedNotThrown() {
        assertTrue(streams.tryPublish(events("t1", "a"), "screenPop", json("{}")));
        assertTrue(streams.tryPublish(events("t1", "b"), "screenPop", json("{}")));
        assertFalse(streams.tryPublish(events("t1", "c"), "screenPop", json("{}")));
        assertEquals(2, bus.agents("t1"));
    }

    @Test
    void streamsPerAgentAreCapped() {
        StreamSlot first = streams.reserve(events("t1", "a"));
        streams.reserve(callbacks("t1", "a"));
        Refusal e = assertThrows(Refusal.class, () -> streams.reserve(events("t1", "a")));
        assertEquals("TOO_MANY_STREAMS", e.code());
        assertEquals(Refusal.Kind.TOO_MANY, e.kind());
        assertTrue(e.getMessage().contains("max.streams.per.agent"), e.getMessage());
        first.release();
        first.release(); // given back once, however often the stream closes
        streams.reserve(events("t1", "a"));
        assertThrows(Refusal.class, () -> streams.reserve(events("t1", "a")));
    }

    @Test
    void streamsPerTenantAreCapped() {
        streams.reserve(events("t1", "a"));
        streams.reserve(events("t1", "a"));
        StreamSlot third = streams.reserve(events("t1", "b"));
        Refusal e = assertThrows(Refusal.class, () -> streams.reserve(callbacks("t1", "b")));
        assertTrue(e.getMessage().contains("max.streams.per.tenant"), e.getMessage());
        streams.reserve(events("t2", "a"));
        third.release();
        streams.reserve(callbacks("t1", "b"));
    }

    @Test
    void aStreamOfAnAgentWithoutRoomIsRefusedAndHoldsNoPlace() {
        streams.publish(events("t1", "a"), "agentStatus", json("{}"));
        streams.publish(events("t1", "b"), "agentStatus", json("{}"));
        Refusal e = assertThrows(Refusal.class, () -> streams.reserve(events("t1", "c")));
        assertEquals("TOO_MANY_AGENTS", e.code());
        // the refused stream took no stream place: three more still fit the tenant's three
        streams.reserve(events("t1", "a"));
        streams.reserve(events("t1", "a"));
        streams.reserve(events("t1", "b"));
    }
}
