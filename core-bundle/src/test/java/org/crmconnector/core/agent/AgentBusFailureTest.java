package org.crmconnector.core.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.crmconnector.core.metrics.Metrics;
import org.crmconnector.core.refusal.Refusal;
import org.crmconnector.eventbus.AgentEvent;
import org.crmconnector.eventbus.AgentEventBus;
import org.crmconnector.eventbus.AgentEventBusException;
import org.crmconnector.eventbus.AgentSubscription;
import org.crmconnector.eventbus.AgentTopic;
import org.crmconnector.testing.ComponentConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A bus whose database is down: requests that are a publish are refused as unavailable, side effects are dropped and counted. */
class AgentBusFailureTest {

    private final AgentChannelConfig config = ComponentConfig.of(AgentChannelConfig.class);
    private final LocalAgentEventBus local = new LocalAgentEventBus(config);
    private final AtomicBoolean down = new AtomicBoolean(true);
    private final Metrics metrics = new Metrics();
    private final AgentStreams streams = new AgentStreams(config, new AgentEventBus() {
        @Override
        public long publish(AgentTopic topic, String name, byte[] data) {
            check();
            return local.publish(topic, name, data);
        }

        @Override
        public AgentSubscription subscribe(AgentTopic topic) {
            check();
            return local.subscribe(topic);
        }

        @Override
        public List<AgentEvent> replay(AgentTopic topic, long afterId) {
            check();
            return local.replay(topic, afterId);
        }

        private void check() {
            if (down.get()) {
                throw new AgentEventBusException("the database did not answer (Connection refused)", null);
            }
        }
    }, metrics, System::nanoTime);
    private final AgentStreams.Topic topic = new AgentStreams.Topic("t1", "agent-a", StreamKind.AGENT_EVENTS);

    @AfterEach
    void stop() {
        streams.deactivate();
        local.deactivate();
    }

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aPublishThatIsTheRequestIsRefusedAsUnavailableNamingTheProblem() {
        Refusal refused = assertThrows(Refusal.class, () -> streams.publish(topic, "update_presence", json("{}")));
        assertEquals(Refusal.Kind.UNAVAILABLE, refused.kind());
        assertEquals("AGENT_CHANNEL_UNAVAILABLE", refused.code());
        assertTrue(refused.getMessage().contains("Connection refused"), refused.getMessage());
    }

    @Test
    void anEventSentOnTheConnectorsOwnIsDroppedAndCountedWithoutFailingItsCause() {
        assertFalse(streams.tryPublish(topic, "screenPop", json("{}")));
        assertFalse(streams.tryPublish(topic, "screenPop", json("{}")));
        assertEquals(2, metrics.count("crm_agent_events_dropped_total", "tenant", "t1", "reason", "unavailable"));
        assertTrue(metrics.prometheusText().contains("crm_agent_events_dropped_total"));

        down.set(false);
        assertTrue(streams.tryPublish(topic, "screenPop", json("{}")), "published again once the bus answers");
        assertEquals(2, metrics.count("crm_agent_events_dropped_total", "tenant", "t1", "reason", "unavailable"));
    }

    @Test
    void openingAStreamWhileTheBusIsDownIsRefusedBeforeTheStreamAndHoldsNoPlace() {
        for (int i = 0; i < 20; i++) {
            Refusal refused = assertThrows(Refusal.class, () -> streams.reserve(topic));
            assertEquals(Refusal.Kind.UNAVAILABLE, refused.kind());
        }
        down.set(false);
        // twenty refusals took none of the agent's stream places (max.streams.per.agent is 16)
        StreamSlot slot = streams.reserve(topic);
        slot.release();
    }
}
