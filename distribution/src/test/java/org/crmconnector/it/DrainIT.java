package org.crmconnector.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.After;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Issue 13, item 4: a node stopped with SIGTERM under load, as a rolling
 * restart stops it, refuses no event and loses no work. The assembled server
 * runs from its own start script; softphones send calls (incomingCall,
 * callAccepted, callEnded, whose log goes to a slow CRM) without pause. On
 * SIGTERM the node drains: readiness and every new API request answer 503
 * with Retry-After, while the requests inside are answered and the running
 * deliveries finish; then it hands its leases back and exits. Every request
 * gets an answer, 2xx or 503, never a broken connection; a refused client
 * sends its event again once the node is back (another node, in a cluster),
 * and in the end each call has exactly one record in the CRM: nothing lost,
 * nothing delivered twice, no lease left to lapse.
 */
public class DrainIT {

    private static final String TENANT = "drain";
    private static final String KEY = "drain-key-0123456789";
    private static final String INSTANCE = "drain-crm";
    private static final int SOFTPHONES = 3;
    private static final int ACKED_BEFORE_STOP = 30;
    private static final Duration START_WAIT = Duration.ofSeconds(90);
    private static final Duration DELIVERY_WAIT = Duration.ofSeconds(90);
    private static final List<String> STEPS = List.of("incomingCall", "callAccepted", "callEnded");

    private ServerProcess server;
    private RecordingCrm crm;

    @After
    public void stopEverything() throws Exception {
        if (server != null) {
            server.close();
        }
        if (crm != null) {
            crm.close();
        }
    }

    /** One softphone sending calls one after another; stops at its first 503 (or a closed port), where it resumes. */
    private final class Softphone implements Runnable {
        final int number;
        final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        final List<String> calls = new ArrayList<>();
        int step;
        String refusedWith;

        Softphone(int number) {
            this.number = number;
        }

        @Override
        public void run() {
            for (int c = 0; !Thread.currentThread().isInterrupted(); c++) {
                calls.add("drain-" + number + "-" + c);
                for (step = 0; step < STEPS.size(); step++) {
                    int status = send(current(), STEPS.get(step));
                    if (status == 503 || status == -1) {
                        refusedWith = status == 503 ? "503" : "closed port";
                        return;
                    }
                }
                if (acked.incrementAndGet() == ACKED_BEFORE_STOP) {
                    synchronized (acked) {
                        acked.notifyAll();
                    }
                }
            }
        }

        String current() {
            return calls.get(calls.size() - 1);
        }

        /** The rest of the interrupted call, once the node is back. */
        void resume() {
            for (; step < STEPS.size(); step++) {
                assertEquals("resumed " + STEPS.get(step) + " of " + current(), 200, send(current(), STEPS.get(step)));
            }
        }

        /** The status; -1 when the port is closed (nothing was sent). Anything else is a failure of the drain. */
        int send(String call, String event) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("conversationId", call);
            body.put("agentId", "agent-" + number);
            if (event.equals("incomingCall")) {
                body.put("callerANI", "+1555000" + number);
            } else if (event.equals("callEnded")) {
                body.put("duration", 30);
                body.put("callType", "inbound");
            }
            try {
                HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/tenants/" + TENANT
                        + "/softphone/" + event)).timeout(Duration.ofSeconds(60))
                        .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(ConnectorClient.JSON.writeValueAsString(body),
                                StandardCharsets.UTF_8)).build();
                HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 503) {
                    refusals.add(r.headers().firstValue("Retry-After").orElse("(no Retry-After)") + " "
                            + r.body());
                } else if (r.statusCode() != 200) {
                    failures.add(event + " of " + call + " answered " + r.statusCode() + " " + r.body());
                }
                return r.statusCode();
            } catch (ConnectException closed) {
                return -1;
            } catch (IOException e) {
                failures.add(event + " of " + call + ": " + e);
                return -2;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -2;
            }
        }
    }

    private String base;
    private final AtomicInteger acked = new AtomicInteger();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> refusals = new ConcurrentLinkedQueue<>();

    @Test
    public void aNodeStoppedUnderLoadAnswersEveryRequestFinishesItsDeliveriesAndLosesNothing() throws Exception {
        crm = RecordingCrm.start();
        crm.answerMillis = 150;
        int port = ServerOptions.freePort();
        base = "http://127.0.0.1:" + port;
        server = new ServerProcess(ServerOptions.newWorkDir());
        server.write("deploy/org.crmconnector.crm.genericrest-drain.config",
                RecordingCrm.configFile(crm.adapterConfiguration(INSTANCE)));
        Map<String, Object> tenant = new LinkedHashMap<>();
        tenant.put("tenant.id", TENANT);
        tenant.put("adapter.instance", INSTANCE);
        tenant.put("api.key.hashes", new String[] {ConnectorClient.sha256(KEY)});
        server.write("deploy/org.crmconnector.tenant-drain.config", RecordingCrm.configFile(tenant));
        // small batches, so each running delivery is short next to the drain timeout
        server.write("deploy/org.crmconnector.outbox.config", "batch.size=I\"3\"\n");
        server.write("deploy/org.crmconnector.node.config", "node.id=\"drain-node-1\"\ndrain.min.seconds=I\"2\"\n");
        server.env("CRM_PORT", String.valueOf(port)).start();
        awaitReady();
        JsonNode health = ConnectorClient.JSON.readTree(ConnectorClient.get(base + "/health").body());
        assertEquals(health.toString(), "drain-node-1", health.path("node").asText());

        List<Softphone> phones = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < SOFTPHONES; i++) {
            Softphone p = new Softphone(i);
            phones.add(p);
            Thread t = new Thread(p, "softphone-" + i);
            threads.add(t);
            t.start();
        }
        synchronized (acked) {
            long until = System.nanoTime() + START_WAIT.toNanos();
            while (acked.get() < ACKED_BEFORE_STOP && System.nanoTime() < until && failures.isEmpty()) {
                acked.wait(1000);
            }
        }
        assertTrue("calls before the stop: " + acked + ", failures " + failures, acked.get() >= ACKED_BEFORE_STOP);
        ConnectorClient api = new ConnectorClient(base, TENANT, KEY);
        int pendingAtStop = api.delivery().path("pending").asInt();
        assertTrue("the slow CRM has a backlog, so deliveries are running at the stop", pendingAtStop > 0);

        server.terminate();
        for (Thread t : threads) {
            t.join(60_000);
        }
        int exit = server.awaitExit(90);
        assertTrue("the node exits after draining; log:\n" + server.logText(), exit != -1);
        String firstRun = server.logText();

        assertEquals("every request was answered 2xx or 503, none broken", List.of(), List.copyOf(failures));
        for (Softphone p : phones) {
            assertEquals(p.number + " was refused with a 503, not a closed port: " + refusals, "503", p.refusedWith);
        }
        assertTrue("each refusal says when to retry: " + refusals, refusals.stream().allMatch(r -> r.startsWith("2 ")
                && r.contains("DRAINING")));
        assertTrue(firstRun, firstRun.contains("Node 'drain-node-1' stopping: draining"));
        assertTrue("the drain ends before the framework stops:\n" + firstRun,
                firstRun.contains("Node 'drain-node-1' drained"));
        assertTrue("leases handed back:\n" + firstRun, firstRun.contains("Outbox: node 'drain-node-1' stopped delivering"));
        assertTrue("no delivery was cut off:\n" + firstRun, !firstRun.contains("deliveries still running after"));

        // back up (the next node of a rolling restart): the interrupted calls resume and everything is delivered
        server.start();
        awaitReady();
        String secondRun = server.logText().substring(firstRun.length());
        assertTrue("nothing was left leased to the stopped node:\n" + secondRun,
                secondRun.contains("Outbox started as node 'drain-node-1': ") && secondRun.contains(" 0 items recovered"));
        for (Softphone p : phones) {
            p.resume();
        }
        ConnectorClient.await("every log is delivered", DELIVERY_WAIT, () -> api.delivery().path("pending").asInt() == 0);

        int calls = 0;
        for (Softphone p : phones) {
            for (String call : p.calls) {
                calls++;
                assertEquals("records of " + call + ": " + crm.activitiesFor(call), 1, crm.activitiesFor(call).size());
            }
        }
        assertEquals(0, api.delivery().path("dead").asInt());
        System.out.printf("DrainIT: %d calls, %d pending at SIGTERM, %d refused with 503 during the drain, %d CRM "
                + "requests%n", calls, pendingAtStop, refusals.size(), crm.requests.size());
    }

    private void awaitReady() {
        ConnectorClient.await("the node is ready", START_WAIT, () -> {
            try {
                return ConnectorClient.get(base + "/health/ready").status() == 200;
            } catch (AssertionError notListening) {
                return false;
            }
        });
    }
}
