package org.crmconnector.crm.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A small CRM with the REST shape most CRMs have, for adapters whose own CRM
 * has no fake yet (the adapter template starts from it) and for the generic
 * REST adapter: a bearer token ({@link #TOKEN}), {@code GET /contacts?phone=}
 * answering {@code {"results":[{"id","name","phone"}]}} (numbers compared by
 * their last ten digits, as they are stored as typed), {@code PUT /activities/{key}}
 * upserting by the interaction key and {@code PATCH /activities/{id}}
 * updating one record, both answering the record. Refusals are
 * {@code 422 {"error": "..."}}, a wrong token {@code 401}.
 */
public final class ReferenceCrm implements FakeCrm {

    public static final String TOKEN = "kit-bearer-token-4f2a";

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final Map<String, ObjectNode> contacts = new ConcurrentHashMap<>();
    private final Map<String, ObjectNode> activities = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong(100);
    private volatile String rejection;

    public ReferenceCrm() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    @Override
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public String addCaller(String name, String phone) {
        String id = "c" + ids.incrementAndGet();
        contacts.put(id, json.createObjectNode().put("id", id).put("name", name).put("phone", phone));
        return id;
    }

    @Override
    public List<String> recordsWithKey(String tenantKey) {
        return activities.values().stream().filter(a -> tenantKey.equals(a.path("key").asText()))
                .map(a -> a.path("id").asText()).toList();
    }

    @Override
    public String notesOf(String recordId) {
        ObjectNode a = activities.get(recordId);
        return a == null ? "" : a.path("notes").asText();
    }

    @Override
    public void rejectWrites(String message) {
        rejection = message;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                send(exchange, 401, json.createObjectNode().put("error", "invalid token"));
                return;
            }
            String method = exchange.getRequestMethod();
            String[] path = exchange.getRequestURI().getRawPath().split("/");
            if (method.equals("GET") && path.length == 2 && path[1].equals("contacts")) {
                lookup(exchange);
            } else if (path.length == 3 && path[1].equals("activities") && (method.equals("PUT") || method.equals("PATCH"))) {
                write(exchange, method, URLDecoder.decode(path[2], StandardCharsets.UTF_8), body);
            } else {
                send(exchange, 404, json.createObjectNode().put("error", "no route " + method + " " + exchange.getRequestURI()));
            }
        }
    }

    private void lookup(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        String phone = query == null || !query.startsWith("phone=") ? ""
                : URLDecoder.decode(query.substring("phone=".length()), StandardCharsets.UTF_8);
        ObjectNode answer = json.createObjectNode();
        ArrayNode results = answer.putArray("results");
        contacts.values().stream().filter(c -> sameNumber(phone, c.path("phone").asText())).forEach(results::add);
        send(exchange, 200, answer);
    }

    /** PUT upserts by key, PATCH updates by id; both answer the record. */
    private synchronized void write(HttpExchange exchange, String method, String keyOrId, byte[] body) throws IOException {
        JsonNode fields;
        try {
            fields = json.readTree(body);
        } catch (IOException e) {
            send(exchange, 400, json.createObjectNode().put("error", "body is not JSON"));
            return;
        }
        if (!fields.isObject()) {
            send(exchange, 400, json.createObjectNode().put("error", "body is not a JSON object"));
            return;
        }
        if (rejection != null) {
            send(exchange, 422, json.createObjectNode().put("error", rejection));
            return;
        }
        ObjectNode record;
        if (method.equals("PATCH")) {
            record = activities.get(keyOrId);
            if (record == null) {
                send(exchange, 404, json.createObjectNode().put("error", "no activity " + keyOrId));
                return;
            }
        } else {
            record = activities.values().stream().filter(a -> keyOrId.equals(a.path("key").asText())).findFirst()
                    .orElseGet(() -> {
                        String id = "a" + ids.incrementAndGet();
                        ObjectNode created = json.createObjectNode().put("id", id).put("key", keyOrId);
                        activities.put(id, created);
                        return created;
                    });
        }
        fields.fields().forEachRemaining(f -> {
            if (!f.getKey().equals("id") && !f.getKey().equals("key")) {
                record.set(f.getKey(), f.getValue());
            }
        });
        send(exchange, 200, record);
    }

    /** The same number when the last ten digits (all, if fewer but at least seven) agree. */
    private static boolean sameNumber(String a, String b) {
        String x = a.replaceAll("\\D", "");
        String y = b.replaceAll("\\D", "");
        int n = Math.min(10, Math.min(x.length(), y.length()));
        return n >= 7 && x.endsWith(y.substring(y.length() - n)) && y.endsWith(x.substring(x.length() - n));
    }

    private void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
