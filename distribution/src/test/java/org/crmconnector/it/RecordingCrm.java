package org.crmconnector.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A CRM fake on loopback that keeps activity records as a real CRM would:
 * {@code POST /activities} creates a new record (a second POST for the same
 * interaction is a second record, so duplicates show), {@code PATCH
 * /activities/{id}} updates one. Every request is recorded. While
 * {@link #down} is set it answers every request 503, as a CRM in an outage;
 * {@link #answerMillis} makes it slow.
 */
final class RecordingCrm implements AutoCloseable {

    /** One request as the CRM saw it. */
    record Request(String method, String path, String interactionKey, String authorization, String body) {
        @Override
        public String toString() {
            return method + " " + path + (body.isEmpty() ? "" : " " + body);
        }
    }

    /** One activity record: the interaction key it was created for, its fields now, how often it was written. */
    static final class Activity {
        final String id;
        final String key;
        volatile ObjectNode fields;
        final AtomicInteger writes = new AtomicInteger(1);

        Activity(String id, String key, ObjectNode fields) {
            this.id = id;
            this.key = key;
            this.fields = fields;
        }

        String field(String name) {
            return fields.path(name).asText();
        }

        @Override
        public String toString() {
            return id + "(key " + key + ", " + writes + " writes) " + fields;
        }
    }

    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Activity> activities = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    volatile boolean down;
    /** How long each answer takes, as a slow CRM's: keeps deliveries running while a test acts. */
    volatile long answerMillis;
    private final HttpServer server;

    private RecordingCrm() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    static RecordingCrm start() throws IOException {
        return new RecordingCrm();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * The records created for one interaction id, in creation order. The key
     * the adapter sends is tenant-scoped ({@code tenant:interactionId}); each
     * test here has one tenant, so the id alone names the interaction.
     */
    List<Activity> activitiesFor(String interactionId) {
        return activities.values().stream().filter(a -> a.key != null && interactionId.equals(a.key.substring(a.key.indexOf(':') + 1)))
                .sorted((a, b) -> Integer.compare(Integer.parseInt(a.id.substring(4)), Integer.parseInt(b.id.substring(4))))
                .toList();
    }

    /** The only record of {@code key}, or null while there is none; fails when there are two or more. */
    Activity onlyActivityFor(String key) {
        List<Activity> found = activitiesFor(key);
        if (found.size() > 1) {
            throw new AssertionError("more than one activity record for " + key + ": " + found + "; requests " + requests);
        }
        return found.isEmpty() ? null : found.get(0);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /**
     * A generic REST adapter instance for this CRM: no lookup, no triggers;
     * the log creates an activity and the wrap-up's log updates it.
     */
    Map<String, Object> adapterConfiguration(String instance) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("crm.instance", instance);
        p.put("base.url", url());
        p.put("auth.type", "none");
        // one try per delivery: the outbox does the retrying, durably
        p.put("http.max.attempts", 1);
        p.put("log.url", "/activities");
        p.put("log.headers", new String[] {"X-Interaction-Key: {key}"});
        p.put("log.body", "{\"interactionId\":\"{interactionId}\",\"key\":\"{key}\",\"agent\":\"{agentId}\","
                + "\"seconds\":\"{durationSeconds}\",\"notes\":\"{notes}\",\"disposition\":\"{disposition}\"}");
        p.put("log.id.pointer", "/id");
        p.put("log.update.method", "PATCH");
        p.put("log.update.url", "/activities/{recordId}");
        return p;
    }

    /** A tenant on adapter instance {@code instance}, with {@code key}, as files written before the dot name it. */
    static Map<String, Object> tenantConfiguration(String tenantId, String instance, String key) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("tenant.id", tenantId);
        p.put("adapter.instance", instance);
        p.put("api.key.hashes", new String[] {ConnectorClient.sha256(key)});
        return p;
    }

    static Dictionary<String, Object> dictionary(Map<String, Object> properties) {
        return new Hashtable<>(properties);
    }

    /** The same properties in the typed Configuration Admin file format FileInstall reads from deploy/. */
    static String configFile(Map<String, Object> properties) {
        StringBuilder out = new StringBuilder();
        properties.forEach((k, v) -> out.append(k).append('=').append(configValue(v)).append('\n'));
        return out.toString();
    }

    private static String configValue(Object v) {
        if (v instanceof String s) {
            return quoted(s);
        }
        if (v instanceof Integer i) {
            return "I" + quoted(i.toString());
        }
        if (v instanceof Long l) {
            return "L" + quoted(l.toString());
        }
        if (v instanceof Boolean b) {
            return "B" + quoted(b.toString());
        }
        if (v instanceof String[] a) {
            StringBuilder s = new StringBuilder("[");
            for (int i = 0; i < a.length; i++) {
                s.append(i == 0 ? "" : ",").append(quoted(a[i]));
            }
            return s.append(']').toString();
        }
        throw new IllegalArgumentException("no config file form for " + v.getClass());
    }

    private static String quoted(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String key = exchange.getRequestHeaders().getFirst("X-Interaction-Key");
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            requests.add(new Request(method, path, key, exchange.getRequestHeaders().getFirst("Authorization"), body));
            if (answerMillis > 0) {
                try {
                    Thread.sleep(answerMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (down) {
                send(exchange, 503, "{\"error\":\"maintenance\"}");
                return;
            }
            if (method.equals("POST") && path.equals("/activities")) {
                String id = "act-" + ids.incrementAndGet();
                activities.put(id, new Activity(id, key, object(body)));
                send(exchange, 201, "{\"id\":\"" + id + "\"}");
            } else if (method.equals("PATCH") && path.startsWith("/activities/")) {
                Activity a = activities.get(path.substring("/activities/".length()));
                if (a == null) {
                    send(exchange, 404, "{\"error\":\"no such activity\"}");
                    return;
                }
                ObjectNode updated = a.fields.deepCopy();
                updated.setAll(object(body));
                a.fields = updated;
                a.writes.incrementAndGet();
                send(exchange, 200, "{\"id\":\"" + a.id + "\"}");
            } else {
                send(exchange, 404, "{\"error\":\"not found\"}");
            }
        }
    }

    private static ObjectNode object(String body) throws IOException {
        JsonNode node = ConnectorClient.JSON.readTree(body);
        if (!(node instanceof ObjectNode o)) {
            throw new IOException("not a JSON object: " + body);
        }
        return o;
    }

    private static void send(HttpExchange exchange, int status, String answer) throws IOException {
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
