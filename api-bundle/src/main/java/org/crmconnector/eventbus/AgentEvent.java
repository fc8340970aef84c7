package org.crmconnector.eventbus;

import java.util.Objects;

/**
 * One published event.
 *
 * @param topic where it was published
 * @param id its id within the topic, as {@link AgentEventBus#publish} returned it
 * @param name the event's name (the SSE {@code event:} field), e.g. {@code screenPop}
 * @param data the event's body, UTF-8 JSON on one line; shared, not copied:
 *            never change it
 */
public record AgentEvent(AgentTopic topic, long id, String name, byte[] data) {

    public AgentEvent {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(data, "data");
    }
}
