package org.crmconnector.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Dictionary;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What the integration tests do from inside the probe: call the server's
 * HTTP API as a softphone would (java.net.http, Bearer key), read an agent's
 * event stream, create configurations, and wait for conditions with a
 * bounded deadline (polling, never a fixed sleep).
 */
final class ConnectorClient {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(15);

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    final String base;
    final String tenant;
    final String key;

    ConnectorClient(String base, String tenant, String key) {
        this.base = base;
        this.tenant = tenant;
        this.key = key;
    }

    /**
     * A Salesforce adapter configuration for the emulator the framework properties
     * {@code it.salesforce.url}, {@code .clientId} and {@code .clientSecret} name.
     */
    static Dictionary<String, Object> salesforceAdapter(BundleContext context, String instance) {
        Dictionary<String, Object> sf = new java.util.Hashtable<>();
        sf.put("crm.instance", instance);
        sf.put("instance.url", context.getProperty("it.salesforce.url"));
        sf.put("auth.flow", "client_credentials");
        sf.put("client.id", context.getProperty("it.salesforce.clientId"));
        sf.put(".client.secret", context.getProperty("it.salesforce.clientSecret"));
        return sf;
    }

    /** {@code http://localhost:<port>} of the server the probe runs in. */
    static String baseUrl(BundleContext context) {
        return "http://localhost:" + context.getProperty("org.osgi.service.http.port");
    }

    // ---- HTTP ---------------------------------------------------------------------------------

    record Answer(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }
    }

    static Answer send(String method, String url, String bearer, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        try {
            HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new AssertionError(method + " " + url + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    static Answer get(String url) {
        return send("GET", url, null, null);
    }

    Answer tenantGet(String path) {
        return send("GET", base + "/api/v1/tenants/" + tenant + "/" + path, key, null);
    }

    Answer tenantPost(String path, String json) {
        return send("POST", base + "/api/v1/tenants/" + tenant + "/" + path, key, json);
    }

    /** Sends a softphone event (seed 002); fails unless it is accepted with 200. */
    JsonNode softphone(String event, String json) {
        Answer a = tenantPost("softphone/" + event, json);
        assertEquals(event + " answered " + a.body(), 200, a.status());
        return a.json();
    }

    /** incomingCall, callAccepted, callEnded, callNotesSubmitted for one call. */
    void wholeCall(String conversationId, String agent, String ani, long seconds, String disposition, String notes)
            throws IOException {
        softphone("incomingCall", JSON.writeValueAsString(java.util.Map.of("conversationId", conversationId,
                "agentId", agent, "callerANI", ani)));
        finishCall(conversationId, agent, seconds, disposition, notes);
    }

    /** callAccepted, callEnded, callNotesSubmitted for an offered call. */
    void finishCall(String conversationId, String agent, long seconds, String disposition, String notes)
            throws IOException {
        softphone("callAccepted", JSON.writeValueAsString(java.util.Map.of("conversationId", conversationId,
                "agentId", agent)));
        softphone("callEnded", JSON.writeValueAsString(java.util.Map.of("conversationId", conversationId,
                "agentId", agent, "duration", seconds, "callType", "inbound")));
        softphone("callNotesSubmitted", JSON.writeValueAsString(java.util.Map.of("conversationId", conversationId,
                "agentId", agent, "disposition", disposition, "notes", notes)));
    }

    /** {@code GET delivery}: the tenant's outbox figures. */
    JsonNode delivery() {
        Answer a = tenantGet("delivery");
        assertEquals("delivery answered " + a.body(), 200, a.status());
        return a.json();
    }

    /** Waits until the tenant's adapter instance is bound and the tenant answers its key. */
    void awaitServed() {
        awaitServed(WAIT);
    }

    /** As {@link #awaitServed()}, waiting at most {@code within} for each. */
    void awaitServed(Duration within) {
        await("the server answers /health with the tenant bound to its adapter", within, () -> {
            JsonNode health = health();
            return health.path("tenants").asInt() >= 1 && health.path("tenantsWithoutAdapter").asInt() == 0;
        });
        await("tenant " + tenant + " answers its API", within, () -> tenantGet("delivery").status() == 200);
    }

    JsonNode health() {
        Answer a = get(base + "/health");
        assertEquals(200, a.status());
        return a.json();
    }

    // ---- configuration ------------------------------------------------------------------------

    static String sha256(String key) {
        try {
            return "sha256:" + HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A tenant as an operator creates it: a factory configuration with the key's hash. */
    static Configuration createTenant(ConfigurationAdmin ca, String tenantId, String adapterInstance, String key)
            throws IOException {
        Configuration c = ca.getFactoryConfiguration("org.crmconnector.tenant", "it-" + tenantId, "?");
        Dictionary<String, Object> p = new java.util.Hashtable<>();
        p.put("tenant.id", tenantId);
        p.put("adapter.instance", adapterInstance);
        p.put("api.key.hashes", new String[] {sha256(key)});
        c.update(p);
        return c;
    }

    /** Creates (or replaces) a factory configuration bound to any bundle ("?"), as FileInstall would. */
    static Configuration factoryConfig(ConfigurationAdmin ca, String factoryPid, String name,
            Dictionary<String, Object> props) throws IOException {
        Configuration c = ca.getFactoryConfiguration(factoryPid, name, "?");
        c.update(props);
        return c;
    }

    /** Waits until the tenant answers its API (the key is accepted). */
    void awaitTenant() {
        await("tenant " + tenant + " answers its API", () -> tenantGet("delivery").status() == 200);
    }

    // ---- waiting ------------------------------------------------------------------------------

    interface Check {
        boolean ok() throws Exception;
    }

    static void await(String what, Check check) {
        await(what, WAIT, check);
    }

    /** Polls {@code check} until it holds; fails after {@code timeout}. */
    static void await(String what, Duration timeout, Check check) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Throwable last = null;
        while (true) {
            try {
                if (check.ok()) {
                    return;
                }
            } catch (Exception | AssertionError e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                AssertionError e = new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for: " + what);
                if (last != null) {
                    e.initCause(last);
                }
                throw e;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(25));
        }
    }

    /** Polls until {@code supplier} gives a non-null value and returns it. */
    static <T> T awaitValue(String what, Supplier<T> supplier) {
        return awaitValue(() -> "", what, supplier);
    }

    /** As {@link #awaitValue(String, Supplier)}; a failure adds what {@code diagnosis} says then. */
    static <T> T awaitValue(Supplier<String> diagnosis, String what, Supplier<T> supplier) {
        Object[] holder = new Object[1];
        try {
            await(what, () -> (holder[0] = supplier.get()) != null);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; " + diagnosis.get(), e.getCause());
        }
        @SuppressWarnings("unchecked")
        T value = (T) holder[0];
        return value;
    }

    // ---- the agent's event stream ---------------------------------------------------------------

    /** One server-sent event. */
    record Event(String name, JsonNode data) {
    }

    /** An open {@code GET agents/{agent}/events} stream, read on a thread of its own. */
    final class AgentEvents implements AutoCloseable {

        private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        private final CountDownLatch connected = new CountDownLatch(1);
        private final CompletableFuture<HttpResponse<Stream<String>>> response;
        private volatile Stream<String> lines;

        AgentEvents(String agent) {
            HttpRequest request = HttpRequest.newBuilder(
                    URI.create(base + "/api/v1/tenants/" + tenant + "/agents/" + agent + "/events"))
                    .header("Authorization", "Bearer " + key).header("Accept", "text/event-stream").GET().build();
            response = CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
            Thread reader = new Thread(this::read, "it-sse-" + agent);
            reader.setDaemon(true);
            reader.start();
            try {
                if (!connected.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                    fail("the event stream of agent " + agent + " did not open");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        private void read() {
            try {
                HttpResponse<Stream<String>> r = response.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                if (r.statusCode() != 200) {
                    return;
                }
                lines = r.body();
                String name = null;
                for (Iterator<String> it = lines.iterator(); it.hasNext();) {
                    String line = it.next();
                    if (line.startsWith(": connected")) {
                        connected.countDown();
                    } else if (line.startsWith("event: ")) {
                        name = line.substring(7);
                    } else if (line.startsWith("data: ") && name != null) {
                        events.add(new Event(name, JSON.readTree(line.substring(6))));
                        name = null;
                    }
                }
            } catch (Exception e) {
                // closed by the test, or the server went away: waits fail with their own message
            }
        }

        /** The next event named {@code name} whose data matches; earlier other events are dropped. */
        Event await(String name, Predicate<JsonNode> match, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                long left = deadline - System.nanoTime();
                Event e = left <= 0 ? null : events.poll(left, TimeUnit.NANOSECONDS);
                if (e == null) {
                    throw new AssertionError("no '" + name + "' event within " + timeout.toMillis() + " ms");
                }
                if (e.name().equals(name) && match.test(e.data())) {
                    return e;
                }
            }
        }

        /** The screen pop of one interaction. */
        JsonNode pop(String interactionId) throws InterruptedException {
            return await("screenPop", d -> interactionId.equals(d.path("interactionId").asText()), WAIT).data();
        }

        @Override
        public void close() {
            Stream<String> s = lines;
            if (s != null) {
                s.close();
            }
            response.cancel(true);
        }
    }

    AgentEvents agentEvents(String agent) {
        return new AgentEvents(agent);
    }
}
