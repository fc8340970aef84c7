package org.crmconnector.eventbus;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Carries agent events from where they are produced to the streams agents
 * hold open, on any node of a cluster, and keeps them for a while so that a
 * client that reconnects (with SSE {@code Last-Event-ID}) to any node gets
 * what it missed.
 * <p>
 * <b>Ids.</b> {@link #publish} gives each event the next id of its topic:
 * the first is 1 and each further one is one more than the last, in the order
 * the publishes took effect, on whichever node they ran. Ids are counted per
 * topic and mean nothing across topics. An implementation may forget a topic
 * nobody has subscribed to for its retention time; the topic then counts
 * from 1 again. One whose state lives in its process (the in-process bus)
 * counts from 1 again after a restart; one over a shared store keeps counting.
 * <p>
 * <b>Order and delivery.</b> Every subscription of a topic, on every node,
 * sees that topic's events in id order, each exactly once while it is open:
 * a bus whose transport may repeat a message deduplicates by id before the
 * listener, and one whose transport may lose one (a dropped listener
 * connection, a notification queue overflow) reads the missing ids from what
 * it retains before it delivers any later id. A listener therefore sees id
 * {@code n + 1} right after {@code n}, unless {@code n + 1} is no longer
 * retained. No order is promised across topics.
 * <p>
 * <b>Resume.</b> {@link AgentSubscription#start start(afterId, ...)} and
 * {@link #replay} return exactly the retained events after {@code afterId},
 * none twice, on any node: so a client that resumes with its last id gets
 * exactly what it missed, as long as the bus still retains it. What a bus
 * retains (a number of events per topic, a time) is its configuration.
 * <p>
 * <b>Durability.</b> When {@link #publish} returns, the event is retained
 * (for replay) and on its way to every open subscription; an implementation
 * over a shared store has committed it. A bus may drop events past its
 * retention, never an event within it.
 * <p>
 * The engine binds the service with the highest ranking, dynamically: when a
 * bus arrives or leaves, the streams on the old one are closed and their
 * clients reconnect to the new one.
 */
@ProviderType
public interface AgentEventBus {

    /**
     * Publishes an event to every subscription of {@code topic} and retains
     * it for replay.
     *
     * @param name the event's name, e.g. {@code screenPop}
     * @param data the body, UTF-8 JSON on one line (no raw newlines); not
     *            copied, so never change it after the call
     * @return its id within the topic
     * @throws TopicLimitException when the topic is new and its tenant has as
     *             many topics as the bus may hold; nothing published
     * @throws AgentEventBusException when the bus's database or broker did
     *             not take the event; nothing published
     */
    long publish(AgentTopic topic, String name, byte[] data);

    /**
     * Takes an interest in {@code topic} without receiving yet: the topic is
     * retained from now on, and a bus with limits checks them here, so the
     * caller can refuse a client before committing to a stream. Call
     * {@link AgentSubscription#start} to receive.
     *
     * @throws TopicLimitException when the topic is new and its tenant has as
     *             many topics as the bus may hold; nothing subscribed
     * @throws AgentEventBusException when the bus's database or broker did
     *             not answer; nothing subscribed
     */
    AgentSubscription subscribe(AgentTopic topic);

    /**
     * The retained events of {@code topic} with an id greater than
     * {@code afterId}, oldest first; empty when there are none (or the topic
     * is unknown). Changes nothing.
     *
     * @throws AgentEventBusException when the bus's database or broker did
     *             not answer
     */
    List<AgentEvent> replay(AgentTopic topic, long afterId);
}
