package org.crmconnector.core.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.crmconnector.eventbus.AgentEvent;
import org.crmconnector.eventbus.AgentTopic;
import org.junit.jupiter.api.Test;

class ReplayBufferTest {

    private static final AgentTopic TOPIC = new AgentTopic("t1", "agent-a", "agentEvents");

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void idsAreConsecutiveAndReplayStartsAfterTheLastSeen() {
        ReplayBuffer b = new ReplayBuffer(10);
        for (int i = 0; i < 5; i++) {
            b.append(TOPIC, "screenPop", json("{\"n\":" + i + "}"));
        }
        List<AgentEvent> missed = b.after(2);
        assertEquals(List.of(3L, 4L, 5L), missed.stream().map(AgentEvent::id).toList());
        assertEquals(5, b.lastId());
        assertEquals(List.of(), b.after(5));
    }

    @Test
    void keepsOnlyTheNewestEventsUpToItsCapacity() {
        ReplayBuffer b = new ReplayBuffer(3);
        for (int i = 0; i < 7; i++) {
            b.append(TOPIC, "e", json("{}"));
        }
        assertEquals(List.of(5L, 6L, 7L), b.after(0).stream().map(AgentEvent::id).toList());
    }

    @Test
    void eventsAreEncodedAsServerSentEvents() {
        SseEvent e = SseEvent.of(42, "start_call", json("{\"dialTo\":\"+1\"}"));
        assertEquals("id: 42\nevent: start_call\ndata: {\"dialTo\":\"+1\"}\n\n", new String(e.wire(), StandardCharsets.UTF_8));
        SseEvent greeting = SseEvent.unnumbered("disposition", json("[\"a\"]"));
        assertEquals("event: disposition\ndata: [\"a\"]\n\n", new String(greeting.wire(), StandardCharsets.UTF_8));
    }
}
