package org.crmconnector.reliability;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fuzzer's side of the wire: sends an input and judges the answer (a JSON
 * 4xx, never a 5xx, 2xx only for read-only GETs), and reads the state that must
 * not change (both tenants' interactions, the fake CRM's write counters).
 */
final class FuzzClient {

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3))
            .version(HttpClient.Version.HTTP_1_1).build();
    final AtomicLong staleRetries = new AtomicLong();

    FuzzClient(String base) {
        this.base = base;
    }

    static String clip(String s) {
        s = s.replaceAll("[\\r\\n\\t]", " ");
        return s.length() <= 160 ? s : s.substring(0, 160) + "...(" + s.length() + ")";
    }

    /** Null when the answer is acceptable, else why not. */
    String execute(FuzzInput in, Map<String, AtomicInteger> outcomes, AtomicLong transportErrors) {
        HttpRequest.Builder b;
        try {
            b = HttpRequest.newBuilder(URI.create(base + in.path())).timeout(Duration.ofSeconds(20));
        } catch (IllegalArgumentException e) {
            outcomes.computeIfAbsent("client-refused-uri", k -> new AtomicInteger()).incrementAndGet();
            return null;
        }
        if (in.auth() != null) {
            b.header("Authorization", in.auth());
        }
        if (in.contentType() != null) {
            b.header("Content-Type", in.contentType());
        }
        HttpRequest.BodyPublisher p = in.body() == null ? HttpRequest.BodyPublishers.noBody()
                : in.chunked() ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(in.body()))
                : HttpRequest.BodyPublishers.ofByteArray(in.body());
        b.method(in.method(), p);
        HttpResponse<String> resp;
        try {
            try {
                resp = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException stale) {
                // a pooled keep-alive connection the server had closed: send the same input once more
                if (!String.valueOf(stale.getMessage()).contains("received no bytes")) {
                    throw stale;
                }
                staleRetries.incrementAndGet();
                resp = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            }
        } catch (IOException e) {
            // a server may answer 413 and close before a huge upload ends
            transportErrors.incrementAndGet();
            outcomes.computeIfAbsent("transport-" + e.getClass().getSimpleName(), k -> new AtomicInteger())
                    .incrementAndGet();
            return in.cls().equals("beyond-body-limit") ? null : "transport error " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
        int s = resp.statusCode();
        outcomes.computeIfAbsent(String.valueOf(s), k -> new AtomicInteger()).incrementAndGet();
        if (s >= 500) {
            return "5xx " + s + " " + clip(resp.body());
        }
        if (s >= 200 && s < 300) {
            return in.readOnly() ? null : "accepted " + s + " " + clip(resp.body());
        }
        if (s >= 400) {
            // every answer under /api is the JSON error shape, the container's own refusals of bad paths included
            String ct = resp.headers().firstValue("Content-Type").orElse("");
            if (s == 400 && ct.startsWith("text/html") && resp.body().contains("<td>/badMessage</td>")) {
                // a request line Jetty cannot parse at all (an encoded NUL, a broken %-escape): it answers before
                // there is a path, so before anything could tell the request was for the API; counted, not a failure
                outcomes.computeIfAbsent("400-container-unparseable", k -> new AtomicInteger()).incrementAndGet();
                return null;
            }
            if (!ct.startsWith("application/json") || !errorShape(resp.body())) {
                return "4xx without the JSON error shape: " + s + " ct=" + ct + " " + clip(resp.body());
            }
            Matcher code = CODE.matcher(resp.body());
            if (code.find() && REPORTED_CODES.contains(code.group(1))) {
                // how many inputs met the path rules and the caps, beside the status counts
                outcomes.computeIfAbsent(s + "-" + code.group(1), k -> new AtomicInteger()).incrementAndGet();
            }
            return null;
        }
        return "unexpected status " + s;
    }

    private static final Pattern CODE = Pattern.compile("\"code\":\"([A-Z_]+)\"");
    private static final java.util.Set<String> REPORTED_CODES = java.util.Set.of("INVALID_PATH", "TOO_MANY_CAVS",
            "TOO_MANY_CRM_OBJECTS", "TOO_MANY_STREAMS", "TOO_MANY_AGENTS", "UNSUPPORTED_MEDIA_TYPE");

    private static final Pattern ERROR = Pattern.compile(
            "^\\{\"error\":\\{(\"code\":\"[A-Z_]+\",\"message\":\"(?:[^\"\\\\]|\\\\.)*\"|\"message\":\"(?:[^\"\\\\]|\\\\.)*\",\"code\":\"[A-Z_]+\")\\}\\}$");

    static boolean errorShape(String body) {
        return ERROR.matcher(body.trim()).matches();
    }

    String snapshot(String[] tenants, Map<String, String> keys) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (String t : tenants) {
            HttpResponse<String> resp = send("GET", "/api/v1/tenants/" + t + "/interactions", keys.get(t), null);
            sb.append(t).append(':').append(resp.statusCode()).append(':').append(resp.body()).append('\n');
        }
        return sb.toString();
    }

    String crmWrites(int control) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + control + "/stats")).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("\"logCreates\":(\\d+).*\"updates\":(\\d+)").matcher(r.body());
        return m.find() ? "crm logCreates=" + m.group(1) + " updates=" + m.group(2) : "crm ?";
    }

    int healthStatus() {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(base + "/health")).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    /** Opens an event stream and keeps it open: the caller closes the body stream. */
    HttpResponse<java.util.stream.Stream<String>> openStream(String path, String key) throws Exception {
        HttpResponse<java.util.stream.Stream<String>> resp = http.sendAsync(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + key).header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofLines()).get(20, java.util.concurrent.TimeUnit.SECONDS);
        if (resp.statusCode() != 200) {
            resp.body().close();
            throw new IllegalStateException("stream " + path + " answered " + resp.statusCode());
        }
        return resp;
    }

    HttpResponse<String> send(String method, String path, String key, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + key);
        if (body != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
