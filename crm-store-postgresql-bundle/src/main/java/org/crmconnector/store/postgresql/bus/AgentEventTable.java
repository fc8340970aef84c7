package org.crmconnector.store.postgresql.bus;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import org.crmconnector.eventbus.AgentEvent;
import org.crmconnector.eventbus.AgentTopic;
import org.crmconnector.eventbus.TopicLimitException;
import org.crmconnector.store.postgresql.datasource.Transactions;

/**
 * The SQL of the bus over {@code crm_agent_topics} and
 * {@code crm_agent_events} (schema version 3). Every method runs on the
 * connection it is given, in autocommit unless it says otherwise.
 */
final class AgentEventTable {

    /** The one channel of the cluster: until PostgreSQL 19 every NOTIFY wakes every listener of the database anyway. */
    static final String CHANNEL = "crm_agent_events";

    /** First key of the two-key advisory locks taken per tenant to check its cap ("crmA"). */
    private static final int TENANT_LOCK_CLASS = 0x63726d41;
    /** The advisory lock the node that sweeps holds, so one node at a time does ("crmS"). */
    private static final long SWEEP_LOCK = 0x63726d53L;

    /** A published event: the topic's key (for the notification) and the event's id. */
    record Appended(long topicKey, long id) {
    }

    private AgentEventTable() {
    }

    /** The topic's names as the first three parameters, in the order of the table's unique key. */
    private static void setTopic(PreparedStatement p, AgentTopic topic) throws SQLException {
        p.setString(1, topic.tenantId());
        p.setString(2, topic.agentId());
        p.setString(3, topic.stream());
    }

    /**
     * Takes the topic's next id and stores the event, in one statement and so
     * one transaction: the counter row stays locked until it commits, so the
     * next publish of the topic, on any node, waits for it and takes the
     * next id. Empty when the topic has no row yet ({@link #topicKey} makes it).
     */
    static Appended append(Connection c, AgentTopic topic, String name, byte[] data) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("WITH t AS (UPDATE crm_agent_topics"
                + " SET last_id = last_id + 1, last_active = now()"
                + " WHERE tenant_id = ? AND agent_id = ? AND stream = ? RETURNING topic_key, last_id)"
                + " INSERT INTO crm_agent_events (topic_key, id, name, data) SELECT topic_key, last_id, ?, ? FROM t"
                + " RETURNING topic_key, id")) {
            setTopic(p, topic);
            p.setString(4, name);
            p.setBytes(5, data);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? new Appended(r.getLong(1), r.getLong(2)) : null;
            }
        }
    }

    /**
     * Sends the ids of a committed event to every node, in a transaction of
     * its own: a NOTIFY inside the publishing transaction would take the
     * database-wide notify lock at its commit. About 20 bytes, far under the
     * 8000 a payload may have.
     */
    static void notify(Connection c, long topicKey, long id) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            p.setString(1, CHANNEL);
            p.setString(2, payload(topicKey, id));
            p.execute();
        }
    }

    static String payload(long topicKey, long id) {
        return topicKey + ":" + id;
    }

    /**
     * The topic's key, its row made when it has none and marked active. A new
     * topic of an agent that has none yet in its tenant counts against the
     * tenant's agents: beyond {@code maxAgents} it is refused and nothing is
     * made. The check and the insert hold the tenant's advisory lock, so two
     * nodes cannot both take a tenant's last place.
     */
    static long topicKey(Connection c, AgentTopic topic, int maxAgents) throws SQLException {
        OptionalLong existing = touch(c, topic);
        if (existing.isPresent()) {
            return existing.getAsLong();
        }
        return Transactions.on(c, tx -> {
            try (PreparedStatement lock = tx.prepareStatement("SELECT pg_advisory_xact_lock(?, hashtext(?))")) {
                lock.setInt(1, TENANT_LOCK_CLASS);
                lock.setString(2, topic.tenantId());
                lock.execute();
            }
            try (PreparedStatement p = tx.prepareStatement("SELECT count(DISTINCT agent_id),"
                    + " coalesce(bool_or(agent_id = ?), false) FROM crm_agent_topics WHERE tenant_id = ?")) {
                p.setString(1, topic.agentId());
                p.setString(2, topic.tenantId());
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    if (!r.getBoolean(2) && r.getLong(1) >= maxAgents) {
                        throw new TopicLimitException(topic.tenantId(), "the tenant already has " + maxAgents
                                + " agents with event streams or kept events, the most it may (max.agents.per.tenant);"
                                + " idle agents' topics are forgotten after the replay retention");
                    }
                }
            }
            long key;
            try (PreparedStatement p = tx.prepareStatement("INSERT INTO crm_agent_topics (tenant_id, agent_id, stream)"
                    + " VALUES (?, ?, ?) ON CONFLICT (tenant_id, agent_id, stream) DO UPDATE SET last_active = now()"
                    + " RETURNING topic_key")) {
                setTopic(p, topic);
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    key = r.getLong(1);
                }
            }
            return key;
        });
    }

    private static OptionalLong touch(Connection c, AgentTopic topic) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE crm_agent_topics SET last_active = now()"
                + " WHERE tenant_id = ? AND agent_id = ? AND stream = ? RETURNING topic_key")) {
            setTopic(p, topic);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? OptionalLong.of(r.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    /** The topic's last id; 0 when it has none (or its row is gone). */
    static long lastId(Connection c, long topicKey) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT last_id FROM crm_agent_topics WHERE topic_key = ?")) {
            p.setLong(1, topicKey);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? r.getLong(1) : 0;
            }
        }
    }

    /**
     * The kept events of several topics after an id each (topic key to id),
     * by topic and id. One statement, so one snapshot: as ids of a topic
     * commit in order, what it returns of a topic has no gap but those the
     * retention made.
     */
    static List<StoredEvent> after(Connection c, Map<Long, Long> afterIds) throws SQLException {
        Long[] keys = afterIds.keySet().toArray(Long[]::new);
        Long[] ids = new Long[keys.length];
        for (int i = 0; i < keys.length; i++) {
            ids[i] = afterIds.get(keys[i]);
        }
        Array keyArray = c.createArrayOf("bigint", keys);
        Array idArray = c.createArrayOf("bigint", ids);
        try (PreparedStatement p = c.prepareStatement("SELECT e.topic_key, e.id, e.name, e.data FROM crm_agent_events e"
                + " JOIN unnest(?::bigint[], ?::bigint[]) AS w(topic_key, after_id)"
                + " ON e.topic_key = w.topic_key AND e.id > w.after_id ORDER BY e.topic_key, e.id")) {
            p.setArray(1, keyArray);
            p.setArray(2, idArray);
            List<StoredEvent> events = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    events.add(new StoredEvent(r.getLong(1), r.getLong(2), r.getString(3), r.getBytes(4)));
                }
            }
            return events;
        } finally {
            keyArray.free();
            idArray.free();
        }
    }

    /** The kept events of the topic after {@code afterId}, oldest first; changes nothing. */
    static List<AgentEvent> replay(Connection c, AgentTopic topic, long afterId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT e.id, e.name, e.data FROM crm_agent_events e"
                + " JOIN crm_agent_topics t ON t.topic_key = e.topic_key"
                + " WHERE t.tenant_id = ? AND t.agent_id = ? AND t.stream = ? AND e.id > ? ORDER BY e.id")) {
            setTopic(p, topic);
            p.setLong(4, afterId);
            List<AgentEvent> events = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    events.add(new AgentEvent(topic, r.getLong(1), r.getString(2), r.getBytes(3)));
                }
            }
            return events;
        }
    }

    /**
     * Marks topics this node has subscriptions of as active, so no node
     * forgets them; returns each one's last id (a topic missing from the
     * answer was forgotten meanwhile).
     */
    static Map<Long, Long> touch(Connection c, Collection<Long> topicKeys) throws SQLException {
        Array keys = c.createArrayOf("bigint", topicKeys.toArray(Long[]::new));
        try (PreparedStatement p = c.prepareStatement("UPDATE crm_agent_topics SET last_active = now()"
                + " WHERE topic_key = ANY (?) RETURNING topic_key, last_id")) {
            p.setArray(1, keys);
            Map<Long, Long> lastIds = new HashMap<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    lastIds.put(r.getLong(1), r.getLong(2));
                }
            }
            return lastIds;
        } finally {
            keys.free();
        }
    }

    /** What one sweep deleted; null fields when another node was sweeping. */
    record Swept(int events, int topics) {
    }

    /**
     * Deletes the events older than {@code retention}, then the topics idle
     * for as long with no event left, in one transaction that only the node
     * holding the sweep lock runs (the others skip: the deletes are the
     * same). A topic a publish or a subscription touches meanwhile has a
     * fresh {@code last_active} when the delete rechecks its row, so it stays.
     *
     * @return null when another node holds the lock
     */
    static Swept sweep(Connection c, Duration retention) throws SQLException {
        return Transactions.on(c, tx -> {
            try (PreparedStatement lock = tx.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
                lock.setLong(1, SWEEP_LOCK);
                try (ResultSet r = lock.executeQuery()) {
                    r.next();
                    if (!r.getBoolean(1)) {
                        return null; // committing what holds nothing
                    }
                }
            }
            int events;
            try (PreparedStatement p = tx.prepareStatement(
                    "DELETE FROM crm_agent_events WHERE created_at < now() - make_interval(secs => ?)")) {
                p.setDouble(1, retention.toMillis() / 1000.0);
                events = p.executeUpdate();
            }
            int topics;
            try (PreparedStatement p = tx.prepareStatement("DELETE FROM crm_agent_topics t"
                    + " WHERE last_active < now() - make_interval(secs => ?)"
                    + " AND NOT EXISTS (SELECT 1 FROM crm_agent_events e WHERE e.topic_key = t.topic_key)")) {
                p.setDouble(1, retention.toMillis() / 1000.0);
                topics = p.executeUpdate();
            }
            return new Swept(events, topics);
        });
    }
}
