package org.crmconnector.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A small client for the server's HTTP API over real HTTP, with only JDK HTTP and Jackson. */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper();

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    final String base;

    Api(int port) {
        this.base = "http://localhost:" + port;
    }

    /** An answer: status, body text and headers. */
    record Resp(int status, String body, HttpHeaders headers) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        String code() {
            return json().path("error").path("code").asText(null);
        }

        Resp expect(int expected) {
            assertEquals("status of answer " + body, expected, status);
            return this;
        }

        /** An error answer with this status and code, in the API's error shape. */
        Resp expectError(int expected, String code) {
            expect(expected);
            assertEquals("error code in " + body, code, code());
            if (!json().path("error").path("message").isTextual()) {
                fail("error without message: " + body);
            }
            return this;
        }
    }

    /** What the Configuration tab posts as the PID of a configuration it has not made yet. */
    static final String TEMPORARY_PID = "__Temporary PID replaced by real PID upon save__";

    /** A request to the Web Console as the operator's user, with {@code password}. */
    HttpRequest.Builder console(String path, String password) {
        String basic = Base64.getEncoder().encodeToString((ServerOptions.CONSOLE_USER + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(URI.create(base + "/system/console" + path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Basic " + basic);
    }

    /**
     * The Configuration tab's save of a new configuration of {@code factoryPid}
     * with {@code fields}, as its form posts it, from {@code origin}.
     */
    Resp consoleSaveNew(String factoryPid, Map<String, String> fields, String origin) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("apply", "true");
        form.put("action", "ajaxConfigManager");
        form.put("factoryPid", factoryPid);
        form.put("propertylist", String.join(",", fields.keySet()));
        form.putAll(fields);
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return send(console("/configMgr/" + TEMPORARY_PID.replace(" ", "%20"), ServerOptions.CONSOLE_PASSWORD)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", origin)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    static String tenantPath(String tenant, String rest) {
        return "/api/v1/tenants/" + tenant + "/" + rest;
    }

    Resp get(String path, String key) {
        return send(request(path, key).GET().build());
    }

    Resp post(String path, String key, Object body) {
        return send(path, "POST", key, "application/json", text(body));
    }

    Resp put(String path, String key, Object body) {
        return send(path, "PUT", key, "application/json", text(body));
    }

    Resp delete(String path, String key) {
        return send(path, "DELETE", key, null, null);
    }

    Resp send(String path, String method, String key, String contentType, String body) {
        HttpRequest.Builder b = request(path, key);
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
    }

    HttpRequest.Builder request(String path, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return b;
    }

    Resp send(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Resp(r.statusCode(), r.body(), r.headers());
        } catch (IOException e) {
            throw new AssertionError("HTTP " + request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * One request written to a socket byte for byte, for request targets no
     * HTTP client sends as they are (%2e%2e, bad UTF-8, empty segments).
     */
    Resp raw(String method, String target, String key) {
        try (Socket socket = new Socket("localhost", URI.create(base).getPort())) {
            socket.setSoTimeout(20_000);
            String head = method + " " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                    + (key == null ? "" : "Authorization: Bearer " + key + "\r\n")
                    + (method.equals("GET") ? "" : "Content-Type: application/json\r\nContent-Length: 2\r\n") + "\r\n"
                    + (method.equals("GET") ? "" : "{}");
            socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return parse(socket.getInputStream().readAllBytes());
        } catch (IOException e) {
            throw new AssertionError("raw " + method + " " + target + " failed", e);
        }
    }

    private static Resp parse(byte[] answer) {
        String all = new String(answer, StandardCharsets.ISO_8859_1);
        int end = all.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new AssertionError("not an HTTP answer: " + all);
        }
        String[] lines = all.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).trim(), k -> new java.util.ArrayList<>())
                    .add(lines[i].substring(colon + 1).trim());
        }
        String body = all.substring(end + 4);
        if (headers.getOrDefault("Transfer-Encoding", List.of()).contains("chunked")) {
            StringBuilder unchunked = new StringBuilder();
            int at = 0;
            while (true) {
                int eol = body.indexOf("\r\n", at);
                int size = Integer.parseInt(body.substring(at, eol).split(";")[0].trim(), 16);
                if (size == 0) {
                    break;
                }
                unchunked.append(body, eol + 2, eol + 2 + size);
                at = eol + 2 + size + 2;
            }
            body = unchunked.toString();
        }
        return new Resp(status, new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8),
                HttpHeaders.of(headers, (k, v) -> true));
    }

    static String text(Object body) {
        if (body instanceof String s) {
            return s;
        }
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static String sha256(String key) {
        try {
            return "sha256:" + HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Creates (or replaces) a tenant through Configuration Admin and waits until its API answers its key. */
    Configuration createTenant(ConfigurationAdmin configAdmin, String id, String key, Map<String, Object> extra)
            throws IOException {
        Configuration c = configAdmin.getFactoryConfiguration("org.crmconnector.tenant", "it-" + id, "?");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("tenant.id", id);
        props.put("adapter.instance", id + "-crm");
        props.put(".api.key.hashes", new String[] {sha256(key)});
        props.putAll(extra);
        c.update(props);
        awaitTrue("tenant " + id + " answers", Duration.ofSeconds(30),
                () -> get(tenantPath(id, "interactions"), key).expect(200) != null);
        return c;
    }

    /** The token scrapers of the ITs send; {@link #allowScrapes} configures its hash. */
    static final String SCRAPE_TOKEN = "it-scrape-token-0123456789abcdef";

    /** Gives /metrics a scrape token (it answers 401 to everyone until one is configured) and waits until it takes it. */
    void allowScrapes(ConfigurationAdmin configAdmin) throws IOException {
        Configuration c = configAdmin.getConfiguration("org.crmconnector.metrics", "?");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(".scrape.token.hashes", new String[] {sha256(SCRAPE_TOKEN)});
        c.update(props);
        awaitTrue("/metrics takes the scrape token", Duration.ofSeconds(30),
                () -> get("/metrics", SCRAPE_TOKEN).status() == 200);
    }

    /** Polls until the condition holds, failing after the deadline. */
    static void awaitTrue(String what, Duration within, BooleanSupplier condition) {
        long deadline = System.nanoTime() + within.toNanos();
        Throwable last = null;
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (Throwable notYet) {
                // the server may still be starting
                last = notYet;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what, last);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
