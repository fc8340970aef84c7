package org.crmconnector.core.agent;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import org.crmconnector.eventbus.AgentEvent;
import org.crmconnector.eventbus.AgentTopic;

/**
 * The last events of one topic, so a client that reconnects with
 * {@code Last-Event-ID} misses nothing sent while it was away. Bounded: a
 * client away for longer than the buffer covers gets what is left.
 */
final class ReplayBuffer {

    private final int capacity;
    private final ArrayDeque<AgentEvent> events;
    private long nextId = 1;

    ReplayBuffer(int capacity) {
        this.capacity = capacity;
        this.events = new ArrayDeque<>(Math.min(capacity, 16));
    }

    synchronized AgentEvent append(AgentTopic topic, String name, byte[] data) {
        AgentEvent e = new AgentEvent(topic, nextId++, name, data);
        events.addLast(e);
        if (events.size() > capacity) {
            events.removeFirst();
        }
        return e;
    }

    /** Events after {@code lastId}, oldest first. */
    synchronized List<AgentEvent> after(long lastId) {
        List<AgentEvent> out = new ArrayList<>();
        for (AgentEvent e : events) {
            if (e.id() > lastId) {
                out.add(e);
            }
        }
        return out;
    }

    synchronized long lastId() {
        return nextId - 1;
    }
}
