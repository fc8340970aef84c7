package org.crmconnector.core.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.crmconnector.core.agent.AgentChannelConfig;
import org.crmconnector.core.agent.AgentStreams;
import org.crmconnector.core.agent.StreamKind;
import org.crmconnector.core.node.NodeIdentity;
import org.crmconnector.crm.CrmRecordRef;
import org.crmconnector.interaction.Interaction;
import org.crmconnector.interaction.InteractionState;
import org.crmconnector.testing.ComponentConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LogNoticesTest {

    record Published(AgentStreams.Topic topic, String event, String json) {
    }

    final List<Published> published = new CopyOnWriteArrayList<>();
    final AgentStreams streams = new AgentStreams(ComponentConfig.of(AgentChannelConfig.class)) {
        @Override
        public long publish(Topic topic, String eventName, byte[] json) {
            published.add(new Published(topic, eventName, new String(json, StandardCharsets.UTF_8)));
            return published.size();
        }
    };
    final LogNotices notices = new LogNotices(streams, NodeIdentity.of("node-b"));

    @AfterEach
    void tearDown() {
        streams.deactivate();
    }

    private static Interaction call(InteractionState state, int leg, String agent) {
        Interaction i = new Interaction();
        i.interactionId = "c1";
        i.legId = leg;
        i.state = state;
        i.agentId = agent;
        return i;
    }

    @Test
    void aSavedLogTellsItsAgentWhichRecordAndWhichStage() {
        notices.logSaved("acme", call(InteractionState.FINISHED, 0, "agent-1"), new CrmRecordRef("Task", "00T1", "https://x/00T1"));
        notices.logSaved("acme", call(InteractionState.ENDED, 2, "agent-1"), null);
        assertEquals(new AgentStreams.Topic("acme", "agent-1", StreamKind.AGENT_EVENTS), published.get(0).topic());
        assertEquals("logSaved", published.get(0).event());
        assertEquals("{\"interactionId\":\"c1\",\"stage\":\"final\",\"node\":\"node-b\",\"record\":{\"type\":\"Task\",\"id\":\"00T1\","
                + "\"url\":\"https://x/00T1\"}}", published.get(0).json());
        assertEquals("{\"interactionId\":\"c1\",\"legId\":2,\"stage\":\"ended\",\"node\":\"node-b\"}", published.get(1).json());
    }

    @Test
    void aDeadLetterTellsTheAgentTheCrmsError() {
        notices.logFailed("acme", call(InteractionState.FINISHED, 0, "agent-1"), 17, "CRM refused it: REQUIRED_FIELD_MISSING");
        assertEquals("logFailed", published.get(0).event());
        assertEquals("{\"interactionId\":\"c1\",\"stage\":\"final\",\"node\":\"node-b\",\"deadLetterId\":17,"
                + "\"error\":\"CRM refused it: REQUIRED_FIELD_MISSING\"}", published.get(0).json());
    }

    @Test
    void aLogWithoutAnAgentTellsNobody() {
        notices.logSaved("acme", call(InteractionState.FINISHED, 0, null), null);
        assertTrue(published.isEmpty());
    }
}
