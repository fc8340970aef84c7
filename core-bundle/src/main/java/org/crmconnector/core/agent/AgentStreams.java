package org.crmconnector.core.agent;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
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

    private final Map<Topic, ReplayBuffer> buffers = new ConcurrentHashMap<>();
    private final Map<Topic, Set<EventStream>> open = new ConcurrentHashMap<>();
    private final ScheduledExecutorService keepAlive;
    private final ScheduledFuture<?> keepAliveTask;
    private final int replaySize;
    private final int maxQueued;

    @Activate
    public AgentStreams(AgentChannelConfig config) {
        this.replaySize = Math.max(1, config.replay_size());
        this.maxQueued = Math.max(8, config.max_queued());
        this.keepAlive = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "crm-sse-keepalive");
            t.setDaemon(true);
            return t;
        });
        int every = Math.max(1, config.keepalive_seconds());
        this.keepAliveTask = keepAlive.scheduleAtFixedRate(this::sendKeepAlives, every, every, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        keepAliveTask.cancel(false);
        keepAlive.shutdownNow();
        open.values().forEach(set -> set.forEach(EventStream::close));
    }

    /** Sends an event to every open stream of the topic and keeps it for replay. Returns its id. */
    public long publish(Topic topic, String eventName, byte[] json) {
        ReplayBuffer buffer = buffers.computeIfAbsent(topic, t -> new ReplayBuffer(replaySize));
        // under the buffer's lock, so a stream being opened sees each event once:
        // either in its replay or live, never both
        synchronized (buffer) {
            SseEvent event = buffer.append(eventName, json);
            Set<EventStream> streams = open.get(topic);
            if (streams != null) {
                for (EventStream s : streams) {
                    s.send(event);
                }
            }
            return event.id();
        }
    }

    /**
     * Adopts an async request as a stream of the topic: replays what the
     * client missed after {@code lastEventId}, then sends {@code greeting}
     * events (fresh, not replayed), then live events.
     */
    public void open(Topic topic, AsyncContext async, long lastEventId, Map<String, byte[]> greeting) throws IOException {
        Set<EventStream> streams = open.computeIfAbsent(topic, t -> ConcurrentHashMap.newKeySet());
        EventStream stream = new EventStream(async, maxQueued, s -> streams.remove(s));
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
        ReplayBuffer buffer = buffers.computeIfAbsent(topic, t -> new ReplayBuffer(replaySize));
        stream.start();
        synchronized (buffer) {
            stream.offer(": connected\n\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            // greetings carry no id: they restate current settings and must not
            // move the client's Last-Event-ID
            for (Map.Entry<String, byte[]> g : greeting.entrySet()) {
                stream.send(SseEvent.unnumbered(g.getKey(), g.getValue()));
            }
            if (lastEventId >= 0) {
                for (SseEvent missed : buffer.after(lastEventId)) {
                    stream.send(missed);
                }
            }
            streams.add(stream);
        }
    }

    public int openStreams() {
        return open.values().stream().mapToInt(Set::size).sum();
    }

    public int openStreams(String tenantId) {
        return open.entrySet().stream().filter(e -> e.getKey().tenantId().equals(tenantId))
                .mapToInt(e -> e.getValue().size()).sum();
    }

    private void sendKeepAlives() {
        for (Set<EventStream> streams : open.values()) {
            for (EventStream s : streams) {
                s.keepAlive();
            }
        }
    }
}
