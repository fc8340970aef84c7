package org.crmconnector.core.agent;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.crmconnector.core.schedule.PeriodicTask;
import org.crmconnector.eventbus.AgentEvent;
import org.crmconnector.eventbus.AgentEventBus;
import org.crmconnector.eventbus.AgentEventListener;
import org.crmconnector.eventbus.AgentSubscription;
import org.crmconnector.eventbus.AgentTopic;
import org.crmconnector.eventbus.TopicLimitException;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent event bus of a single node: each topic's last events in a replay
 * buffer in this process, delivered to subscriptions on the publishing
 * thread. Ids count from 1 again after a restart, or after an idle topic is
 * dropped.
 * <p>
 * What one tenant can make this hold is bounded: topics of at most
 * {@code max.agents.per.tenant} agents, each with {@code replay.size} events,
 * dropped once nobody has subscribed for {@code replay.retention.seconds}.
 * Reads the agent channel's configuration; ranked lowest, so a cluster's bus
 * registered with any positive {@code service.ranking} takes its place.
 */
@Component(service = AgentEventBus.class, configurationPid = "org.crmconnector.agentchannel",
        property = Constants.SERVICE_RANKING + ":Integer=" + Integer.MIN_VALUE)
public class LocalAgentEventBus implements AgentEventBus {

    private static final Logger LOG = LoggerFactory.getLogger(LocalAgentEventBus.class);

    /**
     * One topic's buffer and subscriptions. Changed only under its own lock;
     * an evicted state is never used again (callers take a fresh one).
     */
    private static final class TopicState {
        final ReplayBuffer buffer;
        /** Concurrent: a closing subscription removes itself without the topic's lock. */
        final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();
        volatile long lastActive;
        boolean evicted;

        TopicState(int replaySize, long now) {
            buffer = new ReplayBuffer(replaySize);
            lastActive = now;
        }
    }

    private final Map<AgentTopic, TopicState> topics = new ConcurrentHashMap<>();
    private final Map<String, TenantAgents> tenants = new ConcurrentHashMap<>();
    private PeriodicTask evictor;
    private final LongSupplier nanoTime;
    private volatile int replaySize;
    private volatile long retentionNanos;
    private volatile int maxAgentsPerTenant;

    @Activate
    public LocalAgentEventBus(AgentChannelConfig config) {
        this(config, System::nanoTime);
        evictor = PeriodicTask.start("crm-agent-bus-evictor", Duration.ofSeconds(30), "Evicting idle agent topics",
                this::evictIdle);
    }

    LocalAgentEventBus(AgentChannelConfig config, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        modified(config);
    }

    /**
     * Applied in place, so buffers and their ids survive: a new replay size
     * holds for buffers made after the change, a new cap for the next topic.
     */
    @Modified
    void modified(AgentChannelConfig config) {
        replaySize = Math.max(1, config.replay_size());
        retentionNanos = TimeUnit.SECONDS.toNanos(Math.max(1, config.replay_retention_seconds()));
        maxAgentsPerTenant = Math.max(1, config.max_agents_per_tenant());
    }

    @Deactivate
    void deactivate() {
        if (evictor != null) {
            evictor.close();
        }
    }

    @Override
    public long publish(AgentTopic topic, String name, byte[] data) {
        for (;;) {
            TopicState state = topic(topic);
            // under the topic's lock, so a subscription being started sees each event
            // once: either in its replay or live, never both
            synchronized (state) {
                if (state.evicted) {
                    continue;
                }
                AgentEvent event = state.buffer.append(topic, name, data);
                state.lastActive = nanoTime.getAsLong();
                for (Subscription s : state.subscriptions) {
                    s.deliver(event);
                }
                return event.id();
            }
        }
    }

    @Override
    public AgentSubscription subscribe(AgentTopic topic) {
        for (;;) {
            TopicState state = topic(topic);
            synchronized (state) {
                if (state.evicted) {
                    continue;
                }
                Subscription s = new Subscription(topic, state);
                // held from now on: a topic with a subscription is never evicted
                state.subscriptions.add(s);
                state.lastActive = nanoTime.getAsLong();
                return s;
            }
        }
    }

    @Override
    public List<AgentEvent> replay(AgentTopic topic, long afterId) {
        TopicState state = topics.get(topic);
        return state == null ? List.of() : state.buffer.after(afterId);
    }

    /**
     * The topic's state, made when it has none. A new topic of an agent that
     * has none yet counts against the tenant's agents: beyond the cap it is
     * refused and nothing is made.
     */
    private TopicState topic(AgentTopic topic) {
        TopicState state = topics.get(topic);
        if (state != null) {
            return state;
        }
        TenantAgents tenant = tenants.computeIfAbsent(topic.tenantId(), k -> new TenantAgents());
        // under the tenant's lock: two new topics of one tenant must not both take its last place
        synchronized (tenant) {
            state = topics.get(topic);
            if (state == null) {
                if (!tenant.addTopic(topic.agentId(), maxAgentsPerTenant)) {
                    throw new TopicLimitException(topic.tenantId(), "the tenant already has " + maxAgentsPerTenant
                            + " agents with event streams or buffered events, the most it may "
                            + "(max.agents.per.tenant); idle agents' buffers are dropped after the replay retention");
                }
                state = new TopicState(replaySize, nanoTime.getAsLong());
                topics.put(topic, state);
            }
            return state;
        }
    }

    /**
     * Drops the buffers of topics nobody has subscribed to for the retention
     * time: resuming is for reconnects, and 10,000 agents' buffers kept
     * forever would fill the heap.
     */
    void evictIdle() {
        long now = nanoTime.getAsLong();
        for (Map.Entry<AgentTopic, TopicState> e : topics.entrySet()) {
            TopicState state = e.getValue();
            synchronized (state) {
                if (state.subscriptions.isEmpty() && now - state.lastActive > retentionNanos) {
                    state.evicted = true;
                    if (topics.remove(e.getKey(), state)) {
                        tenants.get(e.getKey().tenantId()).removeTopic(e.getKey().agentId());
                    }
                }
            }
        }
    }

    /** Topics held in memory (with a replay buffer). */
    int topics() {
        return topics.size();
    }

    /** The agents of the tenant that have a topic here: what {@code max.agents.per.tenant} bounds. */
    int agents(String tenantId) {
        TenantAgents tenant = tenants.get(tenantId);
        return tenant == null ? 0 : tenant.agents();
    }

    private final class Subscription implements AgentSubscription {

        private final AgentTopic topic;
        private final TopicState state;
        /** Set once, under the topic's lock; null until started. */
        private volatile AgentEventListener listener;
        private volatile boolean closed;

        Subscription(AgentTopic topic, TopicState state) {
            this.topic = topic;
            this.state = state;
        }

        @Override
        public AgentTopic topic() {
            return topic;
        }

        @Override
        public void start(long afterId, AgentEventListener listener) {
            synchronized (state) {
                if (closed || this.listener != null) {
                    throw new IllegalStateException("A subscription is started once, before it is closed");
                }
                if (afterId >= 0) {
                    for (AgentEvent missed : state.buffer.after(afterId)) {
                        call(listener, missed);
                    }
                }
                this.listener = listener;
                state.lastActive = nanoTime.getAsLong();
            }
        }

        /** Under the topic's lock (so in id order, one at a time). */
        void deliver(AgentEvent event) {
            AgentEventListener l = listener;
            if (l != null && !closed) {
                call(l, event);
            }
        }

        private void call(AgentEventListener l, AgentEvent event) {
            try {
                l.onEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("Agent event bus: a listener of tenant {} failed on event {}", topic.tenantId(), event.id(), e);
            }
        }

        @Override
        public void close() {
            closed = true;
            if (state.subscriptions.remove(this)) {
                state.lastActive = nanoTime.getAsLong();
            }
        }
    }
}
