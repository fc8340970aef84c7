package org.crmconnector.store.postgresql.bus;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.crmconnector.eventbus.AgentEvent;
import org.crmconnector.eventbus.AgentTopic;

/**
 * This node's subscriptions of one topic. Events reach them from three
 * places: the publishing thread of this node, the listener's catch-up after
 * a notification or a reconnect, and the periodic check. Each subscription
 * keeps the last id it delivered (its cursor) and takes only the id right
 * after it or, from a read of the table, whatever follows it: so each id
 * reaches it once, in order, whichever place comes first. Deliveries hold
 * this object's lock, one at a time.
 */
final class TopicSubscribers {

    final AgentTopic topic;
    /**
     * The topic's key in the table. Changes only when the table forgot the
     * topic (this node could not mark it active for longer than the
     * retention) and it was made again: the subscriptions then count from
     * the new key's first id (each notices at its next delivery, see
     * {@link PostgresSubscription#cursor(long)}).
     */
    volatile long key;
    /** Concurrent: a subscription closing (maybe inside a listener, under this lock) removes itself without waiting. */
    private final Set<PostgresSubscription> subscriptions = ConcurrentHashMap.newKeySet();

    TopicSubscribers(long key, AgentTopic topic) {
        this.key = key;
        this.topic = topic;
    }

    void add(PostgresSubscription s) {
        subscriptions.add(s);
    }

    void remove(PostgresSubscription s) {
        subscriptions.remove(s);
    }

    boolean isEmpty() {
        return subscriptions.isEmpty();
    }

    /** The lowest cursor of the started subscriptions: what to read after; Long.MAX_VALUE when none is started. */
    synchronized long lowestCursor() {
        long lowest = Long.MAX_VALUE;
        for (PostgresSubscription s : subscriptions) {
            if (s.started()) {
                lowest = Math.min(lowest, s.cursor(key));
            }
        }
        return lowest;
    }

    /**
     * An event this node just published, handed over right after its commit.
     * Delivered to the subscriptions it directly follows; returns true when
     * one of them is behind (another node's event before it has not arrived
     * yet), so a read of the table must fill that gap.
     */
    synchronized boolean offerNext(long topicKey, AgentEvent event) {
        if (topicKey != key) {
            return false;
        }
        boolean behind = false;
        for (PostgresSubscription s : subscriptions) {
            if (s.started()) {
                long cursor = s.cursor(key);
                if (event.id() == cursor + 1) {
                    s.deliver(event);
                } else if (event.id() > cursor + 1) {
                    behind = true;
                }
            }
        }
        return behind;
    }

    /** Events read from the table, in id order with no gap but the retention's: each subscription takes those after its cursor. */
    synchronized void deliverRead(long topicKey, List<StoredEvent> events) {
        if (topicKey != key) {
            return; // read under the key the topic had before the table forgot it
        }
        for (PostgresSubscription s : subscriptions) {
            if (s.started()) {
                for (StoredEvent e : events) {
                    if (e.id() > s.cursor(key)) {
                        s.deliver(new AgentEvent(topic, e.id(), e.name(), e.data()));
                    }
                }
            }
        }
    }
}
