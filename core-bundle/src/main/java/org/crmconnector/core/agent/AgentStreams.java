package org.crmconnector.core.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;

import org.crmconnector.core.metrics.Metrics;
import org.crmconnector.core.refusal.Refusal;
import org.crmconnector.eventbus.AgentEventBus;
import org.crmconnector.eventbus.AgentEventBusException;
import org.crmconnector.eventbus.AgentSubscription;
import org.crmconnector.eventbus.AgentTopic;
import org.crmconnector.eventbus.TopicLimitException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agents' event streams of this node, and where the engine publishes to
 * them. Events go through the {@link AgentEventBus} (the in-process one, or a
 * cluster's), which numbers them per (tenant, agent, kind) and keeps them for
 * replay; each open stream is a subscription on it. So a pop for one agent can
 * never reach another agent's or another tenant's browser, and on a shared
 * bus a pop produced on any node reaches the stream wherever it is open.
 * <p>
 * What one tenant can make this hold is bounded: the streams per agent and
 * per tenant here, the agents with buffers in the bus. Past a cap a request is
 * refused before anything is made, so no tenant key can fill the heap.
 */
@Component(service = AgentStreams.class, configurationPid = "org.crmconnector.agentchannel")
@Designate(ocd = AgentChannelConfig.class)
public class AgentStreams {

    private static final Logger LOG = LoggerFactory.getLogger(AgentStreams.class);
    private static final byte[] CONNECTED = ": connected\n\n".getBytes(StandardCharsets.US_ASCII);

    /** The address of one stream family. */
    public record Topic(String tenantId, String agentId, StreamKind kind) {

        AgentTopic onBus() {
            return new AgentTopic(tenantId, agentId, kind.busName());
        }
    }

    /** Open streams, with the bus each is subscribed on (to close them when that bus goes). */
    private final Map<EventStream, AgentEventBus> open = new ConcurrentHashMap<>();
    private final Map<String, TenantAgents> tenants = new ConcurrentHashMap<>();
    private final ScheduledExecutorService keepAlive;
    private volatile ScheduledFuture<?> keepAliveTask;
    private volatile int keepAliveSeconds;
    private volatile int maxQueued;
    private volatile int maxStreamsPerAgent;
    private volatile int maxStreamsPerTenant;
    private volatile boolean droppedBefore;
    private volatile long lastDropWarning;
    private final LongSupplier nanoTime;
    private final Metrics metrics;
    /**
     * Dynamic and greedy: a cluster's bus registered while the server runs
     * takes over at once, without restarting this component and every one that
     * publishes through it. Streams on the bus that left are closed (see unbind).
     */
    private volatile AgentEventBus bus;

    @Activate
    public AgentStreams(AgentChannelConfig config, @Reference(name = "metrics") Metrics metrics) {
        this(config, null, metrics, System::nanoTime);
    }

    /** For tests: streams over {@code bus}, counting in a registry of their own. */
    public AgentStreams(AgentChannelConfig config, AgentEventBus bus) {
        this(config, bus, new Metrics(), System::nanoTime);
    }

    /** For tests: no bus until one is bound, counting in a registry of their own. */
    public AgentStreams(AgentChannelConfig config) {
        this(config, null, new Metrics(), System::nanoTime);
    }

    AgentStreams(AgentChannelConfig config, AgentEventBus bus, Metrics metrics, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.metrics = metrics;
        this.bus = bus;
        this.keepAlive = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "crm-sse-keepalive");
            t.setDaemon(true);
            return t;
        });
        modified(config);
    }

    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindBus(AgentEventBus bus) {
        this.bus = bus;
    }

    /**
     * The bus left (or a higher-ranked one replaced it, which DS binds first):
     * streams subscribed on it would hear nothing more, so they are closed and
     * their clients reconnect, onto the current bus.
     */
    void unbindBus(AgentEventBus gone) {
        int closed = 0;
        for (Map.Entry<EventStream, AgentEventBus> e : open.entrySet()) {
            if (e.getValue() == gone) {
                e.getKey().close();
                closed++;
            }
        }
        if (closed > 0) {
            LOG.info("Agent event bus replaced: closed {} open streams, their clients reconnect", closed);
        }
    }

    /**
     * Applied in place: a restart would close every agent's open stream and
     * restart the components that use this one. A new queue limit holds for
     * streams opened after the change, new caps for the next stream (what is
     * open stays open).
     */
    @Modified
    void modified(AgentChannelConfig config) {
        maxQueued = Math.max(8, config.max_queued());
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
        keepAlive.shutdownNow();
        closeAll();
    }

    /** Closes every open stream; their clients reconnect (to this node or, when it drains, another). */
    public void closeAll() {
        for (EventStream s : List.copyOf(open.keySet())) {
            s.close();
        }
    }

    /**
     * Sends an event to every open stream of the topic, on any node, and keeps
     * it for replay. Returns its id. Refuses ({@link Refusal.Kind#TOO_MANY},
     * nothing changed) an event for a new agent of a tenant that has as many
     * as the bus may hold.
     */
    public long publish(Topic topic, String eventName, byte[] json) {
        try {
            return bus.publish(topic.onBus(), eventName, json);
        } catch (TopicLimitException full) {
            throw tooManyAgents(full);
        } catch (AgentEventBusException down) {
            throw unavailable(down);
        }
    }

    /**
     * As {@link #publish}, for events the connector sends on its own (pops,
     * log notices, timeouts): when the tenant has no room for the agent, or
     * the bus fails, the event is dropped, logged and counted
     * ({@code crm_agent_events_dropped_total}) instead of failing the work
     * that caused it. Nobody can be listening to a full tenant's new agent:
     * an open stream holds its agent's room.
     */
    public boolean tryPublish(Topic topic, String eventName, byte[] json) {
        try {
            publish(topic, eventName, json);
            return true;
        } catch (RuntimeException dropped) {
            // the work that caused the event is done and stored: losing the event must not undo or fail it
            boolean full = dropped instanceof Refusal r && r.kind() == Refusal.Kind.TOO_MANY;
            metrics.agentEventDropped(topic.tenantId(), full ? "full" : "unavailable");
            long now = nanoTime.getAsLong();
            // one line a minute: a tenant over its cap (or a bus down) would otherwise log one line per event
            if (!droppedBefore || now - lastDropWarning > TimeUnit.MINUTES.toNanos(1)) {
                droppedBefore = true;
                lastDropWarning = now;
                LOG.warn("Tenant {}: {} event for agent {} dropped: {}", topic.tenantId(), eventName, topic.agentId(),
                        dropped.getMessage());
            }
            return false;
        }
    }

    /**
     * Holds a place for one more stream of the topic, or refuses with
     * {@link Refusal.Kind#TOO_MANY} when its agent or its tenant has as many
     * streams open as allowed, or the bus has no room for one more agent.
     * Taken before the request turns asynchronous, so a refusal is an ordinary
     * answer; {@link #open} hands it to the stream, which gives it back on close.
     */
    public StreamSlot reserve(Topic topic) {
        TenantAgents tenant = tenants.computeIfAbsent(topic.tenantId(), k -> new TenantAgents());
        TenantAgents.StreamCap over = tenant.addStream(topic.agentId(), maxStreamsPerAgent, maxStreamsPerTenant);
        if (over == TenantAgents.StreamCap.PER_AGENT) {
            throw new Refusal(Refusal.Kind.TOO_MANY, "TOO_MANY_STREAMS", "agent " + topic.agentId() + " already has "
                    + maxStreamsPerAgent + " event streams open, the most one agent may (max.streams.per.agent)");
        }
        if (over == TenantAgents.StreamCap.PER_TENANT) {
            throw new Refusal(Refusal.Kind.TOO_MANY, "TOO_MANY_STREAMS", "the tenant's agents already have "
                    + maxStreamsPerTenant + " event streams open, the most one tenant may (max.streams.per.tenant)");
        }
        AgentEventBus on = bus;
        AgentSubscription subscription;
        try {
            subscription = on.subscribe(topic.onBus());
        } catch (TopicLimitException full) {
            tenant.removeStream(topic.agentId());
            throw tooManyAgents(full);
        } catch (AgentEventBusException down) {
            tenant.removeStream(topic.agentId());
            throw unavailable(down);
        } catch (RuntimeException e) {
            tenant.removeStream(topic.agentId());
            throw e;
        }
        return new StreamSlot(topic, tenant, on, subscription);
    }

    /**
     * Adopts an async request as a stream of the slot's topic: sends
     * {@code greeting} events (fresh, not replayed), replays what the client
     * missed after {@code lastEventId}, then live events.
     */
    public void open(StreamSlot slot, AsyncContext async, long lastEventId, Map<String, byte[]> greeting)
            throws IOException {
        EventStream stream = new EventStream(async, maxQueued, s -> {
            open.remove(s);
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
        open.put(stream, slot.bus());
        if (stream.isClosed()) {
            open.remove(stream); // closed before it was listed: its close found nothing to remove
            return;
        }
        stream.offer(CONNECTED);
        // greetings carry no id: they restate current settings and must not
        // move the client's Last-Event-ID
        for (Map.Entry<String, byte[]> g : greeting.entrySet()) {
            stream.send(SseEvent.unnumbered(g.getKey(), g.getValue()));
        }
        try {
            slot.subscription().start(lastEventId < 0 ? AgentSubscription.NO_REPLAY : lastEventId,
                    e -> stream.send(SseEvent.of(e.id(), e.name(), e.data())));
        } catch (AgentEventBusException down) {
            // the bus went away between subscribe and replay: the client reconnects, and is refused while it is down
            LOG.warn("Tenant {}: stream of agent {} closed, the agent event bus failed: {}", slot.topic().tenantId(),
                    slot.topic().agentId(), down.getMessage());
            stream.close();
            return;
        }
        if (slot.bus() != bus) {
            // the bus changed while this stream opened, after unbind looked: reconnect onto the current one
            stream.close();
        }
    }

    public int openStreams() {
        return open.size();
    }

    private static Refusal unavailable(AgentEventBusException down) {
        return new Refusal(Refusal.Kind.UNAVAILABLE, "AGENT_CHANNEL_UNAVAILABLE",
                "the agent event channel is unavailable, nothing was sent; try again (" + down.getMessage() + ")");
    }

    private static Refusal tooManyAgents(TopicLimitException full) {
        return new Refusal(Refusal.Kind.TOO_MANY, "TOO_MANY_AGENTS", full.getMessage());
    }

    private void sendKeepAlives() {
        for (EventStream s : open.keySet()) {
            s.keepAlive();
        }
    }
}
