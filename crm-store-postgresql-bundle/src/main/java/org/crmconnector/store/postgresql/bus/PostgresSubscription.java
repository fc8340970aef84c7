package org.crmconnector.store.postgresql.bus;

import org.crmconnector.eventbus.AgentEvent;
import org.crmconnector.eventbus.AgentEventListener;
import org.crmconnector.eventbus.AgentSubscription;
import org.crmconnector.eventbus.AgentTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscription on this node. Its cursor and listener change only under
 * its {@link TopicSubscribers}' lock, which {@link #start} holds while it
 * replays, so a catch-up or a local publish waits for the replay and then
 * goes on from where it ended.
 */
final class PostgresSubscription implements AgentSubscription {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresSubscription.class);

    /** How the bus starts and ends a subscription (the table is read, the registry changed). */
    interface Owner {
        /** Under the subscribers' lock: the cursor to start from, having replayed through {@code replay}. */
        long replayInto(PostgresSubscription s, long afterId);

        void closed(PostgresSubscription s);
    }

    private final TopicSubscribers subscribers;
    private final Owner owner;
    private volatile AgentEventListener listener;
    private volatile boolean closed;
    /** The last id delivered, and the topic key it counts in; read and written under the subscribers' lock. */
    private long cursor;
    private long cursorKey;

    PostgresSubscription(TopicSubscribers subscribers, Owner owner) {
        this.subscribers = subscribers;
        this.owner = owner;
    }

    @Override
    public AgentTopic topic() {
        return subscribers.topic;
    }

    long topicKey() {
        return subscribers.key;
    }

    @Override
    public void start(long afterId, AgentEventListener listener) {
        synchronized (subscribers) {
            if (closed || this.listener != null) {
                throw new IllegalStateException("A subscription is started once, before it is closed");
            }
            // replayed events go to the listener before it is live, through deliver (which checks it)
            this.listener = listener;
            try {
                cursorKey = subscribers.key;
                cursor = owner.replayInto(this, afterId);
            } catch (RuntimeException e) {
                this.listener = null;
                throw e;
            }
        }
    }

    boolean started() {
        return listener != null && !closed;
    }

    /** The cursor in the topic's current key: 0 when the topic was made again under a new one since. */
    long cursor(long key) {
        if (cursorKey != key) {
            cursorKey = key;
            cursor = 0;
        }
        return cursor;
    }

    /** Under the subscribers' lock; advances the cursor whether or not the listener copes. */
    void deliver(AgentEvent event) {
        cursor = event.id();
        AgentEventListener l = listener;
        if (l == null || closed) {
            return;
        }
        try {
            l.onEvent(event);
        } catch (RuntimeException e) {
            LOG.warn("Agent event bus: a listener of tenant {} failed on event {}", event.topic().tenantId(), event.id(), e);
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            owner.closed(this);
        }
    }
}
