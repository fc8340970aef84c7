package org.crmconnector.core.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;

import org.crmconnector.eventbus.AgentEvent;
import org.crmconnector.testing.ComponentConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Streams as subscribers of the bus: greeting, replay, live; and what they see when the bus changes. */
class AgentStreamsTest {

    private final AgentChannelConfig config = ComponentConfig.of(AgentChannelConfig.class);
    private final LocalAgentEventBus local = new LocalAgentEventBus(config);
    private final LocalAgentEventBus cluster = new LocalAgentEventBus(config);
    private final AgentStreams streams = new AgentStreams(config, local);
    private final AgentStreams.Topic topic = new AgentStreams.Topic("t1", "agent-a", StreamKind.AGENT_EVENTS);

    @AfterEach
    void stop() {
        streams.deactivate();
        local.deactivate();
        cluster.deactivate();
    }

    /** An SSE connection as the container gives it: writes always possible, what was written kept. */
    private static final class Connection {
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        final AtomicBoolean completed = new AtomicBoolean();
        final List<AsyncListener> listeners = new ArrayList<>();
        final AsyncContext async;

        Connection() {
            ServletOutputStream out = new ServletOutputStream() {
                @Override
                public synchronized void write(int b) {
                    written.write(b);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    // always ready: the stream writes as it offers, and needs no callback
                }
            };
            HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {HttpServletResponse.class},
                    (p, m, a) -> m.getName().equals("getOutputStream") ? out : null);
            async = (AsyncContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {AsyncContext.class},
                    (p, m, a) -> switch (m.getName()) {
                        case "getResponse" -> response;
                        case "complete" -> {
                            completed.set(true);
                            yield null;
                        }
                        case "addListener" -> {
                            listeners.add((AsyncListener) a[0]);
                            yield null;
                        }
                        default -> null;
                    });
        }

        synchronized String text() {
            return written.toString(StandardCharsets.UTF_8);
        }
    }

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private Connection open(long lastEventId) throws Exception {
        Connection c = new Connection();
        streams.open(streams.reserve(topic), c.async, lastEventId, Map.of("disposition", json("[]")));
        return c;
    }

    @Test
    void aStreamGetsItsGreetingThenWhatItMissedThenLiveEventsInIdOrder() throws Exception {
        streams.publish(topic, "screenPop", json("{\"n\":1}"));
        streams.publish(topic, "screenPop", json("{\"n\":2}"));
        Connection c = open(1);
        streams.publish(topic, "logSaved", json("{\"n\":3}"));
        assertEquals(": connected\n\n"
                + "event: disposition\ndata: []\n\n"
                + "id: 2\nevent: screenPop\ndata: {\"n\":2}\n\n"
                + "id: 3\nevent: logSaved\ndata: {\"n\":3}\n\n", c.text());
        assertEquals(1, streams.openStreams());
    }

    @Test
    void aFreshStreamGetsNoReplay() throws Exception {
        streams.publish(topic, "screenPop", json("{}"));
        Connection c = open(-1);
        assertTrue(!c.text().contains("id: 1"), c.text());
    }

    @Test
    void whenAHigherRankedBusArrivesStreamsOnTheOldOneCloseAndEventsGoToTheNewOne() throws Exception {
        Connection before = open(-1);
        // DS binds the new bus first, then unbinds the old one (dynamic, greedy)
        streams.bindBus(cluster);
        streams.unbindBus(local);
        assertTrue(before.completed.get(), "the client reconnects, onto the new bus");
        assertEquals(0, streams.openStreams());

        assertEquals(1, streams.publish(topic, "screenPop", json("{}")));
        List<AgentEvent> onCluster = cluster.replay(topic.onBus(), 0);
        assertEquals(1, onCluster.size());
        assertEquals(List.of(), local.replay(topic.onBus(), 0), "nothing goes to the old bus");
        Connection after = open(0);
        assertTrue(after.text().contains("id: 1\nevent: screenPop"), after.text());
        assertEquals(1, streams.openStreams());
    }

    @Test
    void aClosedStreamGivesItsSubscriptionBack() throws Exception {
        Connection c = open(-1);
        c.listeners.get(0).onComplete(null);
        assertEquals(0, streams.openStreams());
        streams.publish(topic, "screenPop", json("{}"));
        assertTrue(!c.text().contains("screenPop"), "a closed stream hears nothing: " + c.text());
    }
}
