package org.crmconnector.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.After;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Issue 11, durable interactions: a full framework restart on the same data
 * in the middle of a call. The first framework takes a call to accepted with
 * call-attached variables and a second call to ended (never wrapped up) while
 * the CRM is down; then the framework is stopped completely and a new one is
 * started on the same framework storage, Configuration Admin and data folders.
 * The new one answers the live call with its state and CAVs from before,
 * accepts its callEnded and callNotesSubmitted, and the CRM ends with exactly
 * one activity record per call: the first with the wrap-up's disposition and
 * notes, the second with its ended-stage log.
 * <p>
 * <b>Why it launches Felix itself.</b> Pax Exam runs the test (its probe) as a
 * bundle inside the framework under test, and its container starts one
 * framework per class and stops it after: there is no way to stop that
 * framework and start a new one on the same storage while the probe, which
 * lives in it, keeps running. So this test stays outside any framework: it
 * creates Felix through {@link org.osgi.framework.launch.FrameworkFactory}
 * ({@link FelixServer}), with the bundles and framework properties
 * {@link ServerOptions} gives Pax Exam, stops it with {@code stop()} and
 * {@code waitForStop}, and starts a new instance on the same folders, as an
 * operator restarting the server would. It talks to the server only over HTTP
 * and configures it with files in {@code deploy/}, as an operator does.
 */
public class FrameworkRestartIT {

    private static final String TENANT = "restart";
    private static final String KEY = "restart-key-0123456789";
    private static final String INSTANCE = "restart-crm";
    private static final String AGENT = "agent-5";
    /** Accepted before the restart, ended and wrapped up after it. */
    private static final String CALL = "restart-call-1";
    /** Ended before the restart and never wrapped up. */
    private static final String ENDED_CALL = "restart-call-2";
    private static final String ANI = "+15551234567";
    private static final String NOTES = "Caller asked for a \"callback\" & a refund\nsecond line";
    private static final Duration START_WAIT = Duration.ofSeconds(60);
    private static final Duration DELIVERY_WAIT = Duration.ofSeconds(40);

    private FelixServer server;
    private RecordingCrm crm;

    @After
    public void stopEverything() throws Exception {
        if (server != null) {
            server.stop();
        }
        if (crm != null) {
            crm.close();
        }
    }

    @Test
    public void liveAndEndedCallsSurviveAFullFrameworkRestart() throws Exception {
        long t0 = System.nanoTime();
        crm = RecordingCrm.start();
        // in an outage until after the restart: nothing of either call can reach the CRM before it
        crm.down = true;
        server = new FelixServer(ServerOptions.newWorkDir(), ServerOptions.freePort());
        server.deploy("org.crmconnector.crm.genericrest-restart.config",
                RecordingCrm.configFile(crm.adapterConfiguration(INSTANCE)));
        server.deploy("org.crmconnector.tenant-restart.config",
                RecordingCrm.configFile(RecordingCrm.tenantConfiguration(TENANT, INSTANCE, KEY)));

        server.start(true);
        ConnectorClient api = new ConnectorClient(server.baseUrl(), TENANT, KEY);
        api.awaitServed(START_WAIT);
        long started = System.nanoTime();

        // the live call: offered, accepted, CAVs attached
        api.softphone("incomingCall", json("conversationId", CALL, "agentId", AGENT, "callerANI", ANI));
        api.softphone("callAccepted", json("conversationId", CALL, "agentId", AGENT));
        ConnectorClient.Answer cavs = ConnectorClient.send("PUT", interactionUrl(CALL) + "/cavs", KEY,
                json("cavList", List.of(Map.of("id", "101", "value", "order-4711"),
                        Map.of("id", "102", "value", "gold customer"))));
        assertEquals("PUT cavs answered " + cavs.body(), 200, cavs.status());
        // the ended call: its ended-stage log goes into the outbox; the CRM is down, so it waits there
        api.softphone("incomingCall", json("conversationId", ENDED_CALL, "agentId", AGENT, "callerANI", ANI));
        api.softphone("callAccepted", json("conversationId", ENDED_CALL, "agentId", AGENT));
        api.softphone("callEnded", json("conversationId", ENDED_CALL, "agentId", AGENT, "duration", 30,
                "callType", "inbound"));

        JsonNode before = api.tenantGet("interactions/" + CALL).json();
        assertEquals(before.toString(), "ACCEPTED", before.path("state").asText());
        assertEquals(before.toString(), 2, before.path("cavs").size());
        assertEquals("ENDED", api.tenantGet("interactions/" + ENDED_CALL).json().path("state").asText());
        assertEquals("the ended call's log waits in the outbox", 1, api.delivery().path("pending").asInt());
        assertTrue("nothing reached the CRM before the restart", crm.activitiesFor(ENDED_CALL).isEmpty());

        long stopping = System.nanoTime();
        server.stop();
        assertPortClosed(server.port);
        long stopped = System.nanoTime();
        server.start(false);
        api.awaitServed(START_WAIT);
        long restarted = System.nanoTime();

        // the live call is back as it was: state, agent, caller, times and CAVs
        ConnectorClient.Answer after = api.tenantGet("interactions/" + CALL);
        assertEquals("GET interactions/" + CALL + " after the restart: " + after.body(), 200, after.status());
        assertEquals("the interaction after the restart is the one from before", before, after.json());
        assertEquals("ENDED", api.tenantGet("interactions/" + ENDED_CALL).json().path("state").asText());

        // the CRM is back: the ended call's log, kept through the restart, reaches it
        crm.down = false;
        RecordingCrm.Activity ended = ConnectorClient.awaitValue(this::diagnosis,
                "the ended call's log reaches the CRM after the restart", () -> crm.onlyActivityFor(ENDED_CALL));

        // the live call's remaining events are accepted by the new framework
        try (ConnectorClient.AgentEvents events = api.agentEvents(AGENT)) {
            api.softphone("callEnded", json("conversationId", CALL, "agentId", AGENT, "duration", 95,
                    "callType", "inbound"));
            api.softphone("callNotesSubmitted", json("conversationId", CALL, "agentId", AGENT,
                    "disposition", "Resolved", "notes", NOTES));
            ConnectorClient.Answer gone = api.tenantGet("interactions/" + CALL);
            assertEquals(gone.body(), 410, gone.status());

            JsonNode saved = events.await("logSaved", d -> CALL.equals(d.path("interactionId").asText())
                    && "final".equals(d.path("stage").asText()), DELIVERY_WAIT).data();
            RecordingCrm.Activity call = ConnectorClient.awaitValue(this::diagnosis,
                    "the call's record carries the wrap-up", () -> {
                        RecordingCrm.Activity a = crm.onlyActivityFor(CALL);
                        return a != null && "Resolved".equals(a.field("disposition")) ? a : null;
                    });
            assertEquals(saved.toString(), call.id, saved.path("record").path("id").asText());
            ConnectorClient.await("the outbox is empty", DELIVERY_WAIT, () -> api.delivery().path("pending").asInt() == 0);

            // exactly one record per call, after every delivery is done
            assertEquals(diagnosis(), 1, crm.activitiesFor(CALL).size());
            assertEquals(diagnosis(), 1, crm.activitiesFor(ENDED_CALL).size());
            call = crm.onlyActivityFor(CALL);
            assertEquals(call.toString(), CALL, call.field("interactionId"));
            assertEquals(call.toString(), "Resolved", call.field("disposition"));
            assertEquals(call.toString(), NOTES, call.field("notes"));
            assertEquals(call.toString(), "95", call.field("seconds"));
            assertEquals(call.toString(), AGENT, call.field("agent"));
            ended = crm.onlyActivityFor(ENDED_CALL);
            assertEquals(ended.toString(), "30", ended.field("seconds"));
            assertEquals("the ended call was never wrapped up: " + ended, "", ended.field("disposition"));
            assertEquals(0, api.delivery().path("dead").asInt());
        }
        System.out.printf("FrameworkRestartIT: first start %d ms, calls %d ms, stop %d ms, restart %d ms, after %d ms%n",
                ms(started - t0), ms(stopping - started), ms(stopped - stopping), ms(restarted - stopped),
                ms(System.nanoTime() - restarted));
    }


    private String interactionUrl(String id) {
        return server.baseUrl() + "/api/v1/tenants/" + TENANT + "/interactions/" + id;
    }

    private String diagnosis() {
        return "CRM requests: " + crm.requests;
    }

    /** After {@code stop()} nothing listens on the server's port any more. */
    private static void assertPortClosed(int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("localhost", port), 2000);
            fail("port " + port + " still open after the framework stopped");
        } catch (ConnectException expected) {
            // closed
        }
    }

    private static String json(Object... kv) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return ConnectorClient.JSON.writeValueAsString(m);
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }
}
