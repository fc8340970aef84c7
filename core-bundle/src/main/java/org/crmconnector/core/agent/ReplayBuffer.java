package org.crmconnector.core.agent;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The last events of one agent stream, so a client that reconnects with
 * {@code Last-Event-ID} misses nothing sent while it was away. Bounded: a
 * client away for longer than the buffer covers gets what is left.
 */
final class ReplayBuffer {

    private final int capacity;
    private final ArrayDeque<SseEvent> events;
    private long nextId = 1;

    ReplayBuffer(int capacity) {
        this.capacity = capacity;
        this.events = new ArrayDeque<>(Math.min(capacity, 16));
    }

    synchronized SseEvent append(String name, byte[] json) {
        SseEvent e = SseEvent.of(nextId++, name, json);
        events.addLast(e);
        if (events.size() > capacity) {
            events.removeFirst();
        }
        return e;
    }

    /** Events after {@code lastId}, oldest first. */
    synchronized List<SseEvent> after(long lastId) {
        List<SseEvent> out = new ArrayList<>();
        for (SseEvent e : events) {
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
