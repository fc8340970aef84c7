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

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Routes events to the streams of one agent of one tenant. Each (tenant,
 * agent, kind) has its own replay buffer and event ids, so a pop for one
 * agent can never reach another agent's or another tenant's browser.
 * <p>
 * The buffers live in this process; a multi-node deployment will put a
 * shared bus (PostgreSQL LISTEN/NOTIFY) behind {@link #publish}, with the
 * same per-topic ids.
 */
@Component(service = AgentStreams.class, configurationPid = "org.crmconnector.agentchannel")
@Designate(ocd = AgentChannelConfig.class)
public class AgentStreams {

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
    private final ScheduledExecutorService keepAlive;
    private final ScheduledFuture<?> evictionTask;
    private volatile ScheduledFuture<?> keepAliveTask;
    private volatile int keepAliveSeconds;
    private volatile int replaySize;
    private volatile int maxQueued;
    private volatile long retentionNanos;
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
     * buffers made after the change, a new queue limit for streams opened after it.
     */
    @Modified
    void modified(AgentChannelConfig config) {
        replaySize = Math.max(1, config.replay_size());
        maxQueued = Math.max(8, config.max_queued());
        retentionNanos = TimeUnit.SECONDS.toNanos(Math.max(1, config.replay_retention_seconds()));
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

    /** Sends an event to every open stream of the topic and keeps it for replay. Returns its id. */
    public long publish(Topic topic, String eventName, byte[] json) {
        for (;;) {
            TopicState state = topics.computeIfAbsent(topic, t -> new TopicState(replaySize, nanoTime.getAsLong()));
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
     * Adopts an async request as a stream of the topic: sends {@code greeting}
     * events (fresh, not replayed), replays what the client missed after
     * {@code lastEventId}, then live events.
     */
    public void open(Topic topic, AsyncContext async, long lastEventId, Map<String, byte[]> greeting) throws IOException {
        EventStream stream = new EventStream(async, maxQueued, s -> forget(topic, s));
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
            TopicState state = topics.computeIfAbsent(topic, t -> new TopicState(replaySize, nanoTime.getAsLong()));
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
                    topics.remove(e.getKey(), state);
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
