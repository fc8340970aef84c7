package org.crmconnector.store.postgresql.bus;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.crmconnector.eventbus.AgentEvent;
import org.crmconnector.eventbus.AgentEventBus;
import org.crmconnector.eventbus.AgentSubscription;
import org.crmconnector.eventbus.AgentTopic;
import org.crmconnector.store.postgresql.datasource.PostgresDatabase;
import org.crmconnector.store.postgresql.notify.NotificationHandler;
import org.crmconnector.store.postgresql.notify.NotificationListener;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent event bus of a cluster on its PostgreSQL database: a pop
 * published on one node reaches the stream its agent holds open on another,
 * and a stream resumed on any node gets exactly what it missed.
 * <p>
 * <b>Publish</b>: one statement takes the topic's next id from its counter
 * row and inserts the event (tables {@code crm_agent_topics},
 * {@code crm_agent_events}); once committed, a {@code NOTIFY} of its own
 * carries only the topic key and the id, and the subscriptions of this node
 * get the event at once from the publishing thread.
 * <p>
 * <b>Receive</b>: each node {@code LISTEN}s on one connection of its own
 * ({@link NotificationListener}). A notification of a topic this node has
 * subscriptions of, whose id one of them has not seen yet, makes it read the
 * topic's events after the lowest cursor from the table; each subscription
 * takes those after its own. So repeats are dropped, gaps (a notification
 * lost with the listener's connection, another node's event not yet seen)
 * are filled from the table, and after a reconnect every open subscription
 * catches up at once. A periodic check does the same for each subscribed
 * topic whose counter is ahead, for a NOTIFY that failed after its commit.
 * <p>
 * <b>Retention</b>: events are deleted once older than the agent channel's
 * replay retention, and topics idle for as long with no event left are
 * forgotten (a node marks the topics it has subscriptions of active), by
 * one node at a time. A new agent of a tenant that has
 * {@code max.agents.per.tenant} of them with topics is refused.
 * <p>
 * Registered with a positive ranking, so the engine uses it instead of the
 * in-process bus, on the nodes that select PostgreSQL ({@code crm.store=postgresql}):
 * only they have the {@link PostgresDatabase} it needs.
 */
@Component(service = AgentEventBus.class, configurationPid = PostgresAgentEventBus.AGENT_CHANNEL_PID,
        property = Constants.SERVICE_RANKING + ":Integer=" + PostgresAgentEventBus.RANKING)
public class PostgresAgentEventBus implements AgentEventBus, NotificationHandler, PostgresSubscription.Owner {

    /** The agent channel's configuration, which the in-process bus reads too. */
    static final String AGENT_CHANNEL_PID = "org.crmconnector.agentchannel";
    static final int RANKING = 100;

    private static final Logger LOG = LoggerFactory.getLogger(PostgresAgentEventBus.class);
    /** A topic whose counter row disappears between the update and the insert is made again; this many times at most. */
    private static final int APPEND_ATTEMPTS = 3;

    private final DataSource pool;
    private final NotificationListener listener;
    private final ScheduledExecutorService chores;
    /**
     * This node's subscriptions by topic, and the same by topic key (for
     * notifications and reads); an entry goes when its last subscription
     * closes. Both change only inside {@code topics.compute} of the topic,
     * which never waits for a {@link TopicSubscribers} lock: a listener may
     * close its subscription while it is being delivered to under that lock.
     */
    private final Map<AgentTopic, TopicSubscribers> topics = new ConcurrentHashMap<>();
    private final Map<Long, TopicSubscribers> byKey = new ConcurrentHashMap<>();
    /** Topics a catch-up is queued for, so a burst of gaps makes one read, not one each. */
    private final Set<Long> catchUpsQueued = ConcurrentHashMap.newKeySet();
    private volatile Duration retention;
    private volatile int maxAgentsPerTenant;

    @Activate
    public PostgresAgentEventBus(@Reference PostgresDatabase database, AgentChannelSettings settings) {
        this(database, settings, null);
    }

    /**
     * @param checkEvery how often to mark subscribed topics active, check them
     *            and sweep; null derives it from the retention (a quarter, 1 to 30 s)
     */
    PostgresAgentEventBus(PostgresDatabase database, AgentChannelSettings settings, Duration checkEvery) {
        modified(settings);
        this.pool = database.pool("agent-events");
        this.chores = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "crm-agent-events-chores");
            t.setDaemon(true);
            return t;
        });
        long every = checkEvery != null ? checkEvery.toMillis()
                : Math.max(1_000, Math.min(30_000, retention.toMillis() / 4));
        chores.scheduleWithFixedDelay(this::checkAndSweep, every, every, TimeUnit.MILLISECONDS);
        this.listener = new NotificationListener(database::openDedicated, AgentEventTable.CHANNEL, this,
                "crm-agent-events-listener");
        listener.start();
    }

    /** Applied in place: a new retention holds from the next sweep, a new cap for the next new agent. */
    @Modified
    void modified(AgentChannelSettings settings) {
        retention = Duration.ofSeconds(Math.max(1, settings.replay_retention_seconds()));
        maxAgentsPerTenant = Math.max(1, settings.max_agents_per_tenant());
    }

    @Deactivate
    public void close() {
        listener.close();
        chores.shutdownNow();
    }

    @Override
    public long publish(AgentTopic topic, String name, byte[] data) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(data, "data");
        AgentEventTable.Appended appended;
        try (Connection c = pool.getConnection()) {
            appended = AgentEventTable.append(c, topic, name, data);
            for (int attempt = 1; appended == null && attempt <= APPEND_ATTEMPTS; attempt++) {
                AgentEventTable.topicKey(c, topic, maxAgentsPerTenant);
                appended = AgentEventTable.append(c, topic, name, data);
            }
            if (appended == null) {
                throw new AgentEventStoreException("The topic of agent " + topic.agentId()
                        + " vanished while publishing to it, " + APPEND_ATTEMPTS + " times", null);
            }
            try {
                AgentEventTable.notify(c, appended.topicKey(), appended.id());
            } catch (SQLException e) {
                // committed: the periodic check brings it to the other nodes' subscriptions
                LOG.warn("Agent event {} of tenant {} is stored but its NOTIFY failed ({}); other nodes pick it up "
                        + "at their next check", appended.id(), topic.tenantId(), e.getMessage());
            }
        } catch (SQLException e) {
            throw new AgentEventStoreException("Agent event not published: the database did not take it ("
                    + e.getMessage() + ")", e);
        }
        TopicSubscribers local = byKey.get(appended.topicKey());
        if (local != null && local.offerNext(appended.topicKey(), new AgentEvent(topic, appended.id(), name, data))) {
            catchUpLater(appended.topicKey());
        }
        return appended.id();
    }

    @Override
    public AgentSubscription subscribe(AgentTopic topic) {
        Objects.requireNonNull(topic, "topic");
        long key;
        try (Connection c = pool.getConnection()) {
            key = AgentEventTable.topicKey(c, topic, maxAgentsPerTenant);
        } catch (SQLException e) {
            throw new AgentEventStoreException("Cannot subscribe: the database did not answer (" + e.getMessage() + ")", e);
        }
        PostgresSubscription[] made = new PostgresSubscription[1];
        topics.compute(topic, (t, subscribers) -> {
            TopicSubscribers s = subscribers;
            if (s == null) {
                s = new TopicSubscribers(key, topic);
                byKey.put(key, s);
            } else if (s.key != key) {
                rekey(s, key);
            }
            made[0] = new PostgresSubscription(s, this);
            s.add(made[0]);
            return s;
        });
        return made[0];
    }

    @Override
    public List<AgentEvent> replay(AgentTopic topic, long afterId) {
        try (Connection c = pool.getConnection()) {
            return AgentEventTable.replay(c, topic, afterId);
        } catch (SQLException e) {
            throw new AgentEventStoreException("Cannot read agent events: " + e.getMessage(), e);
        }
    }

    /**
     * Replays into a starting subscription the events after {@code afterId}
     * (none for NO_REPLAY, or for an id at or past the topic's last); returns
     * the cursor it goes on from. The last id is read first: every event up
     * to it has committed, so the cursor may move past ids the retention has
     * deleted but never past one still to come.
     */
    @Override
    public long replayInto(PostgresSubscription s, long afterId) {
        try (Connection c = pool.getConnection()) {
            long last = AgentEventTable.lastId(c, s.topicKey());
            if (afterId < 0 || afterId >= last) {
                return last;
            }
            long cursor = afterId;
            for (StoredEvent e : AgentEventTable.after(c, Map.of(s.topicKey(), afterId))) {
                s.deliver(new AgentEvent(s.topic(), e.id(), e.name(), e.data()));
                cursor = e.id();
            }
            return Math.max(cursor, last);
        } catch (SQLException e) {
            throw new AgentEventStoreException("Cannot replay agent events: " + e.getMessage(), e);
        }
    }

    @Override
    public void closed(PostgresSubscription s) {
        topics.computeIfPresent(s.topic(), (t, subscribers) -> {
            subscribers.remove(s);
            if (subscribers.isEmpty()) {
                byKey.remove(subscribers.key, subscribers);
                return null;
            }
            return subscribers;
        });
    }

    /** Inside {@code topics.compute} of its topic: the table made the topic again under a new key. */
    private void rekey(TopicSubscribers subscribers, long key) {
        LOG.warn("Agent event topic of agent {} of tenant {} was forgotten by the database (this node could not mark "
                + "it active for longer than the retention) and made again: its ids count from 1 again",
                subscribers.topic.agentId(), subscribers.topic.tenantId());
        byKey.remove(subscribers.key, subscribers);
        subscribers.key = key;
        byKey.put(key, subscribers);
    }

    /** Listening (again): whatever committed while nobody here listened is read for every subscribed topic. */
    @Override
    public void connected() {
        Map<Long, Long> all = new HashMap<>();
        byKey.keySet().forEach(k -> all.put(k, Long.MAX_VALUE));
        catchUp(all);
    }

    @Override
    public void notified(List<String> payloads) {
        Map<Long, Long> newest = new HashMap<>();
        for (String payload : payloads) {
            int colon = payload.indexOf(':');
            try {
                newest.merge(Long.parseLong(payload.substring(0, colon)), Long.parseLong(payload.substring(colon + 1)),
                        Math::max);
            } catch (RuntimeException e) {
                LOG.warn("Ignored a notification on {} that is not topic:id: {}", AgentEventTable.CHANNEL, payload);
            }
        }
        catchUp(newest);
    }

    /**
     * Reads, for each given topic that has a subscription here behind the
     * given id, the events after its lowest cursor, and hands them over.
     * One query for all topics: after a reconnect that is one round trip.
     */
    void catchUp(Map<Long, Long> upTo) {
        Map<Long, Long> after = new HashMap<>();
        upTo.forEach((key, id) -> {
            TopicSubscribers local = byKey.get(key);
            if (local != null) {
                long lowest = local.lowestCursor();
                if (lowest < id) {
                    after.put(key, lowest);
                }
            }
        });
        if (after.isEmpty()) {
            return;
        }
        List<StoredEvent> read;
        try (Connection c = pool.getConnection()) {
            read = AgentEventTable.after(c, after);
        } catch (SQLException e) {
            throw new AgentEventStoreException("Cannot read agent events to deliver: " + e.getMessage(), e);
        }
        Map<Long, List<StoredEvent>> byTopic = new HashMap<>();
        for (StoredEvent e : read) {
            byTopic.computeIfAbsent(e.topicKey(), k -> new ArrayList<>()).add(e);
        }
        byTopic.forEach((key, events) -> {
            TopicSubscribers local = byKey.get(key);
            if (local != null) {
                local.deliverRead(key, events);
            }
        });
    }

    private void catchUpLater(long key) {
        if (!catchUpsQueued.add(key)) {
            return;
        }
        try {
            chores.execute(() -> {
                catchUpsQueued.remove(key);
                try {
                    catchUp(Map.of(key, Long.MAX_VALUE));
                } catch (RuntimeException e) {
                    LOG.warn("Agent event bus: catching up a subscription failed ({}); the next check retries",
                            e.getMessage());
                }
            });
        } catch (RejectedExecutionException closing) {
            // deactivated: its subscriptions are being closed
        }
    }

    /**
     * Marks this node's subscribed topics active (so no node forgets them),
     * delivers what a failed NOTIFY left behind, and sweeps old events.
     */
    void checkAndSweep() {
        try {
            if (!byKey.isEmpty()) {
                Map<Long, Long> lastIds;
                List<TopicSubscribers> forgotten = new ArrayList<>();
                try (Connection c = pool.getConnection()) {
                    Map<Long, TopicSubscribers> subscribed = Map.copyOf(byKey);
                    lastIds = AgentEventTable.touch(c, subscribed.keySet());
                    subscribed.forEach((key, subscribers) -> {
                        if (!lastIds.containsKey(key)) {
                            forgotten.add(subscribers);
                        }
                    });
                    for (TopicSubscribers subscribers : forgotten) {
                        long old = subscribers.key;
                        long key = AgentEventTable.topicKey(c, subscribers.topic, maxAgentsPerTenant);
                        topics.computeIfPresent(subscribers.topic, (t, current) -> {
                            if (current == subscribers && current.key == old) {
                                rekey(current, key);
                            }
                            return current;
                        });
                        lastIds.put(key, Long.MAX_VALUE);
                    }
                }
                catchUp(lastIds);
            }
            sweep();
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Agent event bus: the periodic check failed ({}); trying again at the next", e.getMessage());
        }
    }

    /** Deletes events past the retention and forgets idle topics, unless another node is at it. */
    AgentEventTable.Swept sweep() throws SQLException {
        return sweep(retention);
    }

    AgentEventTable.Swept sweep(Duration retention) throws SQLException {
        try (Connection c = pool.getConnection()) {
            AgentEventTable.Swept swept = AgentEventTable.sweep(c, retention);
            if (swept != null && (swept.events() > 0 || swept.topics() > 0)) {
                LOG.debug("Agent events past the retention: {} events and {} idle topics deleted", swept.events(),
                        swept.topics());
            }
            return swept;
        }
    }

    /** This node's listener, for tests. */
    NotificationListener listener() {
        return listener;
    }
}
