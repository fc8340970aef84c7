package org.crmconnector.core.agent;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;

import org.crmconnector.core.refusal.Refusal;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes events to the streams of one agent of one tenant. Each (tenant,
 * agent, kind) has its own replay buffer and event ids, so a pop for one
 * agent can never reach another agent's or another tenant's browser.
 * <p>
 * What one tenant can make this hold is bounded: the agents with a buffer,
 * the streams per agent and per tenant. Past a cap a request is refused
 * before anything is made, so no tenant key can fill the heap with buffers
 * for made-up agent ids or with idle connections.
 * <p>
 * The buffers live in this process; a multi-node deployment will put a
 * shared bus (PostgreSQL LISTEN/NOTIFY) behind {@link #publish}, with the
 * same per-topic ids.
 */
@Component(service = AgentStreams.class, configurationPid = "org.crmconnector.agentchannel")
@Designate(ocd = AgentChannelConfig.class)
public class AgentStreams {

    private static final Logger LOG = LoggerFactory.getLogger(AgentStreams.class);

    /** The address of one stream family. */
    public record Topic(String tenantId, String agentId, StreamKind kind) {
    }

    /**
     * One topic's replay buffer and open streams. Changed only under its own
     * lock; an evicted state is never used again (callers take a fresh one).
     */
    private static final class TopicState {
        final ReplayBuffer buffer;
        /** Concurrent: a closing stream removes itself without the topic's lock (it may hold its own). */
        final Set<EventStream> streams = ConcurrentHashMap.newKeySet();
        volatile long lastActive;
        boolean evicted;

        TopicState(int replaySize, long now) {
            buffer = new ReplayBuffer(replaySize);
            lastActive = now;
        }
    }

    private final Map<Topic, TopicState> topics = new ConcurrentHashMap<>();
    private final Map<String, TenantAgents> tenants = new ConcurrentHashMap<>();
    private final ScheduledExecutorService keepAlive;
    private final ScheduledFuture<?> evictionTask;
    private volatile ScheduledFuture<?> keepAliveTask;
    private volatile int keepAliveSeconds;
    private volatile int replaySize;
    private volatile int maxQueued;
    private volatile long retentionNanos;
    private volatile int maxAgentsPerTenant;
    private volatile int maxStreamsPerAgent;
    private volatile int maxStreamsPerTenant;
    private volatile boolean droppedBefore;
    private volatile long lastDropWarning;
    private final LongSupplier nanoTime;

    @Activate
    public AgentStreams(AgentChannelConfig config) {
        this(config, System::nanoTime);
    }

    AgentStreams(AgentChannelConfig config, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.keepAlive = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "crm-sse-keepalive");
            t.setDaemon(true);
            return t;
        });
        this.evictionTask = keepAlive.scheduleWithFixedDelay(this::evictIdle, 30, 30, TimeUnit.SECONDS);
        modified(config);
    }

    /**
     * Applied in place: a restart would close every agent's open stream and
     * restart the components that use this one. A new replay size holds for
     * buffers made after the change, a new queue limit for streams opened after it;
     * new caps for the next topic or stream (what is open stays open).
     */
    @Modified
    void modified(AgentChannelConfig config) {
        replaySize = Math.max(1, config.replay_size());
        maxQueued = Math.max(8, config.max_queued());
        retentionNanos = TimeUnit.SECONDS.toNanos(Math.max(1, config.replay_retention_seconds()));
        maxAgentsPerTenant = Math.max(1, config.max_agents_per_tenant());
        maxStreamsPerAgent = Math.max(1, config.max_streams_per_agent());
        maxStreamsPerTenant = Math.max(1, config.max_streams_per_tenant());
        int every = Math.max(1, config.keepalive_seconds());
        if (keepAliveTask == null || every != keepAliveSeconds) {
            if (keepAliveTask != null) {
                keepAliveTask.cancel(false);
            }
            keepAliveSeconds = every;
            keepAliveTask = keepAlive.scheduleAtFixedRate(this::sendKeepAlives, every, every, TimeUnit.SECONDS);
        }
    }

    @Deactivate
    public void deactivate() {
        keepAliveTask.cancel(false);
        evictionTask.cancel(false);
        keepAlive.shutdownNow();
        for (EventStream s : allStreams()) {
            s.close();
        }
    }

    /**
     * Sends an event to every open stream of the topic and keeps it for replay.
     * Returns its id. Refuses ({@link Refusal.Kind#TOO_MANY}, nothing changed)
     * an event for a new agent of a tenant that has as many as it may.
     */
    public long publish(Topic topic, String eventName, byte[] json) {
        for (;;) {
            TopicState state = topic(topic, true);
            // under the topic's lock, so a stream being opened sees each event
            // once: either in its replay or live, never both
            synchronized (state) {
                if (state.evicted) {
                    continue;
                }
                SseEvent event = state.buffer.append(eventName, json);
                state.lastActive = nanoTime.getAsLong();
                for (EventStream s : state.streams) {
                    s.send(event);
                }
                return event.id();
            }
        }
    }

    /**
     * As {@link #publish}, for events the connector sends on its own (pops,
     * log notices, timeouts): when the tenant has no room for the agent the
     * event is dropped and logged, instead of failing the work that caused it.
     * Nobody can be listening then: an open stream holds its agent's room.
     */
    public boolean tryPublish(Topic topic, String eventName, byte[] json) {
        try {
            publish(topic, eventName, json);
            return true;
        } catch (Refusal full) {
            long now = nanoTime.getAsLong();
            // one line a minute: a tenant over its cap would otherwise fill the log with one line per event
            if (!droppedBefore || now - lastDropWarning > TimeUnit.MINUTES.toNanos(1)) {
                droppedBefore = true;
                lastDropWarning = now;
                LOG.warn("Tenant {}: {} event for agent {} dropped: {}", topic.tenantId(), eventName, topic.agentId(),
                        full.getMessage());
            }
            return false;
        }
    }

    /**
     * Holds a place for one more stream of the topic, or refuses with
     * {@link Refusal.Kind#TOO_MANY} when its agent or its tenant has as many
     * streams open as allowed, or the tenant has no room for one more agent.
     * Taken before the request turns asynchronous, so a refusal is an ordinary
     * answer; {@link #open} hands it to the stream, which gives it back on close.
     */
    public StreamSlot reserve(Topic topic) {
        TenantAgents tenant = tenant(topic.tenantId());
        TenantAgents.StreamCap over = tenant.addStream(topic.agentId(), maxStreamsPerAgent, maxStreamsPerTenant);
        if (over == TenantAgents.StreamCap.PER_AGENT) {
            throw new Refusal(Refusal.Kind.TOO_MANY, "TOO_MANY_STREAMS", "agent " + topic.agentId() + " already has "
                    + maxStreamsPerAgent + " event streams open, the most one agent may (max.streams.per.agent)");
        }
        if (over == TenantAgents.StreamCap.PER_TENANT) {
            throw new Refusal(Refusal.Kind.TOO_MANY, "TOO_MANY_STREAMS", "the tenant's agents already have "
                    + maxStreamsPerTenant + " event streams open, the most one tenant may (max.streams.per.tenant)");
        }
        StreamSlot slot = new StreamSlot(topic, tenant);
        try {
            topic(topic, true);
        } catch (Refusal full) {
            slot.release();
            throw full;
        }
        return slot;
    }

    /**
     * Adopts an async request as a stream of the slot's topic: sends
     * {@code greeting} events (fresh, not replayed), replays what the client
     * missed after {@code lastEventId}, then live events.
     */
    public void open(StreamSlot slot, AsyncContext async, long lastEventId, Map<String, byte[]> greeting)
            throws IOException {
        Topic topic = slot.topic();
        EventStream stream = new EventStream(async, maxQueued, s -> {
            forget(topic, s);
            slot.release();
        });
        async.setTimeout(0);
        async.addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                stream.close();
            }

            @Override
            public void onTimeout(AsyncEvent event) {
                stream.close();
            }

            @Override
            public void onError(AsyncEvent event) {
                stream.close();
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
            }
        });
        stream.start();
        for (;;) {
            // not capped again: the slot admitted the agent (its topic can only have been dropped as idle meanwhile)
            TopicState state = topic(topic, false);
            synchronized (state) {
                if (state.evicted) {
                    continue;
                }
                stream.offer(": connected\n\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                // greetings carry no id: they restate current settings and must not
                // move the client's Last-Event-ID
                for (Map.Entry<String, byte[]> g : greeting.entrySet()) {
                    stream.send(SseEvent.unnumbered(g.getKey(), g.getValue()));
                }
                if (lastEventId >= 0) {
                    for (SseEvent missed : state.buffer.after(lastEventId)) {
                        stream.send(missed);
                    }
                }
                if (!stream.isClosed()) {
                    state.streams.add(stream);
                }
                state.lastActive = nanoTime.getAsLong();
                return;
            }
        }
    }

    /**
     * The topic's state, made when it has none. A new topic of an agent that
     * has none yet counts against the tenant's agents: beyond the cap, when
     * {@code capped}, it is refused and nothing is made.
     */
    private TopicState topic(Topic topic, boolean capped) {
        TopicState state = topics.get(topic);
        if (state != null) {
            return state;
        }
        TenantAgents tenant = tenant(topic.tenantId());
        // under the tenant's lock: two new topics of one tenant must not both take its last place
        synchronized (tenant) {
            state = topics.get(topic);
            if (state == null) {
                if (!tenant.addTopic(topic.agentId(), capped ? maxAgentsPerTenant : Integer.MAX_VALUE)) {
                    throw new Refusal(Refusal.Kind.TOO_MANY, "TOO_MANY_AGENTS", "the tenant already has "
                            + maxAgentsPerTenant + " agents with event streams or buffered events, the most it may "
                            + "(max.agents.per.tenant); idle agents' buffers are dropped after the replay retention");
                }
                state = new TopicState(replaySize, nanoTime.getAsLong());
                topics.put(topic, state);
            }
            return state;
        }
    }

    private TenantAgents tenant(String tenantId) {
        return tenants.computeIfAbsent(tenantId, k -> new TenantAgents());
    }

    private void forget(Topic topic, EventStream stream) {
        TopicState state = topics.get(topic);
        if (state != null) {
            state.streams.remove(stream);
            state.lastActive = nanoTime.getAsLong();
        }
    }

    /**
     * Drops the replay buffers of topics nobody has listened to for the
     * retention time: resuming is for reconnects, and 10,000 agents' buffers
     * kept forever would fill the heap.
     */
    void evictIdle() {
        long now = nanoTime.getAsLong();
        for (Map.Entry<Topic, TopicState> e : topics.entrySet()) {
            TopicState state = e.getValue();
            synchronized (state) {
                if (state.streams.isEmpty() && now - state.lastActive > retentionNanos) {
                    state.evicted = true;
                    if (topics.remove(e.getKey(), state)) {
                        tenant(e.getKey().tenantId()).removeTopic(e.getKey().agentId());
                    }
                }
            }
        }
    }

    public int openStreams() {
        return allStreams().size();
    }

    /** Topics held in memory (with a replay buffer), for metrics. */
    public int topics() {
        return topics.size();
    }

    /** The agents of the tenant that have a topic here: what {@code max.agents.per.tenant} bounds. */
    public int agents(String tenantId) {
        TenantAgents tenant = tenants.get(tenantId);
        return tenant == null ? 0 : tenant.agents();
    }

    private List<EventStream> allStreams() {
        List<EventStream> all = new ArrayList<>();
        for (TopicState state : topics.values()) {
            all.addAll(state.streams);
        }
        return all;
    }

    private void sendKeepAlives() {
        for (EventStream s : allStreams()) {
            s.keepAlive();
        }
    }
}
