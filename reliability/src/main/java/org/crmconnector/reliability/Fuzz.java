package org.crmconnector.reliability;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bad-input fuzzer over every HTTP endpoint of the server, two tenants.
 * Every input is invalid by construction (one defect class each), so the
 * server must refuse it with a JSON 4xx, never 5xx, and change nothing:
 * the GET interactions snapshots of both tenants and the fake CRM's write
 * counters are compared before and after; /health must answer 200 after.
 * Read-only GETs (health, metrics, openapi, interaction reads) may answer
 * 200. Deterministic: inputs come from one seeded Random in order.
 */
public final class Fuzz {

    static final String[] EVENTS = {"incomingCall", "callAccepted", "callRejected", "callEnded", "callNotesSubmitted",
        "outboundCallInitiated", "statusChanged"};
    static final String[] SUBS = {"cavs", "dispositions", "disposition", "visited", "name-objects",
        "related-to-objects", "name-object", "related-to-object", "search-results"};
    static final String[] CLASSES = {"malformed", "truncated", "wrong-type", "huge-string", "huge-array",
        "beyond-body-limit", "deep-nesting", "invalid-utf8", "unknown-field", "unknown-action", "wrong-content-type",
        "wrong-method", "missing-credentials", "wrong-credentials", "other-tenant-id", "bad-path", "read-only-get"};

    record Input(int n, String cls, String method, String path, String contentType, String auth, byte[] body,
            boolean chunked, boolean readOnly) {
    }

    final String base;
    final Random r;
    // tenant -> [key, live interaction ids]
    final String[] tenants = {"rel", "rel2"};
    final Map<String, String> keys = Map.of("rel", "rel-key", "rel2", "rel2-key");
    final Map<String, List<String>> ids = new TreeMap<>();
    final AtomicLong staleRetries = new AtomicLong();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3))
            .version(HttpClient.Version.HTTP_1_1).build();

    Fuzz(String base, long seed) {
        this.base = base;
        this.r = new Random(seed);
    }

    public static void main(String[] a) throws Exception {
        String base = "http://127.0.0.1:19410";
        int control = 19412;
        int count = 20000;
        long seed = 1;
        Path out = Path.of("fuzz.txt");
        int dump = -1;
        for (int i = 0; i < a.length; i++) {
            switch (a[i]) {
                case "--base" -> base = a[++i];
                case "--control" -> control = Integer.parseInt(a[++i]);
                case "--count" -> count = Integer.parseInt(a[++i]);
                case "--seed" -> seed = Long.parseLong(a[++i]);
                case "--out" -> out = Path.of(a[++i]);
                case "--dump" -> dump = Integer.parseInt(a[++i]);
                default -> throw new IllegalArgumentException(a[i]);
            }
        }
        if (dump >= 0) { // print one input as the fuzzer would send it (live ids as after setup)
            Fuzz f = new Fuzz(base, seed);
            f.ids.put("rel", List.of("fz-rel-0", "fz-rel-1", "fz-rel-2"));
            f.ids.put("rel2", List.of("fz-rel2-0", "fz-rel2-1", "fz-rel2-2"));
            for (int n = 0; n <= dump; n++) {
                Input in = f.generate(n);
                if (n == dump) {
                    System.out.println(in.cls + " " + in.method + " " + in.path + " ct=" + in.contentType + " auth=" + in.auth
                            + " chunked=" + in.chunked);
                    System.out.println(java.util.HexFormat.of().formatHex(in.body == null ? new byte[0] : in.body));
                }
            }
            return;
        }
        System.exit(new Fuzz(base, seed).run(control, count, out) ? 0 : 1);
    }

    boolean run(int control, int count, Path out) throws Exception {
        // live interactions in both tenants, the targets of transitions and of the other tenant's requests
        for (String t : tenants) {
            List<String> list = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String id = "fz-" + t + "-" + i;
                send("POST", "/api/v1/tenants/" + t + "/softphone/incomingCall", keys.get(t),
                        "{\"conversationId\":\"" + id + "\",\"agentId\":\"fz-agent\",\"callerANI\":\"+1555000" + i + "\"}");
                send("POST", "/api/v1/tenants/" + t + "/softphone/callAccepted", keys.get(t),
                        "{\"conversationId\":\"" + id + "\",\"agentId\":\"fz-agent\"}");
                list.add(id);
            }
            ids.put(t, list);
        }
        Thread.sleep(2500); // pops settle
        String before = snapshot() + crmWrites(control);

        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> perClass = new ConcurrentHashMap<>();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicLong transportErrors = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        long t0 = System.nanoTime();
        java.util.concurrent.Semaphore window = new java.util.concurrent.Semaphore(8); // bounds memory: big bodies
        for (int n = 0; n < count; n++) {
            Input in = generate(n); // generated in order from the one seeded Random: deterministic inputs
            window.acquire();
            pool.execute(() -> {
              try {
                String verdict = execute(in, outcomes, transportErrors);
                perClass.computeIfAbsent(in.cls, k -> new AtomicInteger()).incrementAndGet();
                if (verdict != null && failures.size() < 5000) {
                    failures.add("#" + in.n + " " + in.cls + " " + in.method + " " + clip(in.path) + " ct=" + in.contentType
                            + " body=" + clip(new String(in.body == null ? new byte[0] : in.body, StandardCharsets.UTF_8))
                            + " -> " + verdict);
                }
              } finally {
                window.release();
              }
            });
        }
        pool.shutdown();
        boolean finished = pool.awaitTermination(600, TimeUnit.SECONDS);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        Thread.sleep(1500);
        String after = snapshot() + crmWrites(control);
        int health = healthStatus();
        boolean stateSame = before.equals(after);
        boolean ok = finished && failures.isEmpty() && stateSame && health == 200;

        StringBuilder sb = new StringBuilder();
        sb.append("fuzz_inputs=").append(count).append('\n');
        sb.append("fuzz_ms=").append(ms).append('\n');
        sb.append("fuzz_outcomes=").append(new TreeMap<>(outcomes)).append('\n');
        sb.append("fuzz_classes=").append(new TreeMap<>(perClass)).append('\n');
        sb.append("fuzz_transport_errors=").append(transportErrors).append('\n');
        sb.append("fuzz_stale_connection_retries=").append(staleRetries).append('\n');
        sb.append("fuzz_container_html_4xx=").append(failures.stream().filter(f -> f.contains("without the JSON error shape")).count()).append('\n');
        sb.append("fuzz_accepted_invalid=").append(failures.stream().filter(f -> f.contains("-> accepted")).count()).append('\n');
        Map<String, Integer> acceptedBy = new TreeMap<>();
        Map<String, Integer> shapeBy = new TreeMap<>();
        for (String f : failures) {
            String[] w = f.split(" ");
            String key = w[1] + " " + w[2] + " " + w[3].replaceAll("/tenants/rel2?/", "/tenants/{t}/")
                    .replaceAll("/(fz-[A-Za-z0-9-]+)", "/{id}");
            if (f.contains("-> accepted")) {
                acceptedBy.merge(key, 1, Integer::sum);
            } else if (f.contains("without the JSON error shape")) {
                shapeBy.merge(w[2] + " " + w[3].replaceAll("/tenants/rel2?/", "/tenants/{t}/"), 1, Integer::sum);
            }
        }
        sb.append("fuzz_accepted_by_input=").append(acceptedBy).append('\n');
        sb.append("fuzz_bad_error_shape_by_request=").append(shapeBy).append('\n');
        sb.append("fuzz_5xx=").append(failures.stream().filter(f -> f.contains("-> 5xx")).count()).append('\n');
        sb.append("fuzz_failures=").append(failures.size()).append('\n');
        sb.append("fuzz_state_unchanged=").append(stateSame).append('\n');
        sb.append("fuzz_health_after=").append(health).append('\n');
        sb.append("verdict=").append(ok ? "PASS" : "FAIL").append('\n');
        if (!stateSame) {
            sb.append("state_before=").append(before).append('\n');
            sb.append("state_after=").append(after).append('\n');
        }
        failures.stream().filter(f -> !f.contains("ct=text/html")).limit(150)
                .forEach(f -> sb.append("failure: ").append(f).append('\n'));
        failures.stream().filter(f -> f.contains("ct=text/html")).limit(10)
                .forEach(f -> sb.append("failure: ").append(f).append('\n'));
        System.out.print(sb);
        Files.writeString(out, sb.toString());
        return ok;
    }

    private static String clip(String s) {
        s = s.replaceAll("[\\r\\n\\t]", " ");
        return s.length() <= 160 ? s : s.substring(0, 160) + "...(" + s.length() + ")";
    }

    private static String clip2(String s) {
        return s.length() <= 2000 ? s : s.substring(0, 2000) + "...";
    }

    /** Null when the answer is acceptable, else why not. */
    String execute(Input in, Map<String, AtomicInteger> outcomes, AtomicLong transportErrors) {
        HttpRequest.Builder b;
        try {
            b = HttpRequest.newBuilder(URI.create(base + in.path)).timeout(Duration.ofSeconds(20));
        } catch (IllegalArgumentException e) {
            outcomes.computeIfAbsent("client-refused-uri", k -> new AtomicInteger()).incrementAndGet();
            return null;
        }
        if (in.auth != null) {
            b.header("Authorization", in.auth);
        }
        if (in.contentType != null) {
            b.header("Content-Type", in.contentType);
        }
        HttpRequest.BodyPublisher p = in.body == null ? HttpRequest.BodyPublishers.noBody()
                : in.chunked ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(in.body))
                : HttpRequest.BodyPublishers.ofByteArray(in.body);
        b.method(in.method, p);
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
            return in.cls.equals("beyond-body-limit") ? null : "transport error " + e;
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
            return in.readOnly ? null : "accepted " + s + " " + clip(resp.body());
        }
        if (s >= 400) {
            String ct = resp.headers().firstValue("Content-Type").orElse("");
            if (s == 400 && ct.startsWith("text/html")
                    && (resp.body().contains("<td>/badURI</td>") || resp.body().contains("<td>/badMessage</td>"))) {
                // Jetty refuses ambiguous paths (%2e%2e, encoded separators, NUL) before any servlet runs:
                // nothing of ours sees them, so nothing can change; counted, not a failure
                outcomes.computeIfAbsent("400-container-refused-uri", k -> new AtomicInteger()).incrementAndGet();
                return null;
            }
            if (!ct.startsWith("application/json") || !errorShape(resp.body())) {
                return "4xx without the JSON error shape: " + s + " ct=" + ct + " " + clip(resp.body());
            }
            return null;
        }
        return "unexpected status " + s;
    }

    private static final Pattern ERROR = Pattern.compile(
            "^\\{\"error\":\\{(\"code\":\"[A-Z_]+\",\"message\":\"(?:[^\"\\\\]|\\\\.)*\"|\"message\":\"(?:[^\"\\\\]|\\\\.)*\",\"code\":\"[A-Z_]+\")\\}\\}$");

    static boolean errorShape(String body) {
        return ERROR.matcher(body.trim()).matches();
    }

    // --- generation

    String pick(String... a) {
        return a[r.nextInt(a.length)];
    }

    String tenant() {
        return tenants[r.nextInt(2)];
    }

    String other(String t) {
        return t.equals("rel") ? "rel2" : "rel";
    }

    String liveId(String t) {
        List<String> l = ids.get(t);
        return l.get(r.nextInt(l.size()));
    }

    String bearer(String t) {
        return "Bearer " + keys.get(t);
    }

    /** A valid body for a mutating endpoint, with conversation/interaction id {@code id}. */
    String template(String endpoint, String id) {
        return switch (endpoint) {
            case "incomingCall" -> "{\"conversationId\":\"" + id + "\",\"agentId\":\"fz-agent\",\"callerANI\":\"+15550001\"}";
            case "callAccepted" -> "{\"conversationId\":\"" + id + "\",\"agentId\":\"fz-agent\"}";
            case "callRejected" -> "{\"conversationId\":\"" + id + "\",\"reason\":\"active\"}";
            case "callEnded" -> "{\"conversationId\":\"" + id + "\",\"duration\":5,\"callType\":\"inbound\"}";
            case "callNotesSubmitted" -> "{\"conversationId\":\"" + id + "\",\"disposition\":\"Resolved\",\"notes\":\"n\"}";
            case "outboundCallInitiated" -> "{\"conversationId\":\"" + id + "\",\"agentId\":\"fz-agent\",\"dialledTo\":\"+15550002\"}";
            case "statusChanged" -> "{\"agentId\":\"fz-agent\",\"softphoneId\":\"sp1\"}";
            case "crm-connect" -> "{\"type\":\"CRMConnectMessage\",\"action\":\"requestSaveInteractionLog\",\"data\":{\"interactionId\":\"" + id + "\",\"notes\":\"n\"}}";
            case "disposition" -> "{\"dispositionId\":\"Resolved\",\"notes\":\"x\"}";
            case "visited" -> "{\"crmObject\":{\"id\":\"o1\",\"isWho\":true}}";
            case "cavs" -> "{\"cavList\":[{\"id\":\"c1\",\"value\":\"v\"}]}";
            case "name-object", "related-to-object" -> "{\"objectId\":\"o1\"}";
            case "click2dial" -> "{\"agentId\":\"fz-agent\",\"click2DialData\":{\"clickToDialNumber\":\"+15550003\"}}";
            case "presence" -> "{\"softphoneId\":\"sp1\"}";
            default -> throw new IllegalStateException(endpoint);
        };
    }

    record Target(String method, String path, String endpoint, String idField) {
    }

    /** A mutating endpoint of tenant t, on one of its own live ids or a fresh one. */
    Target mutating(String t, String id) {
        String p = "/api/v1/tenants/" + t + "/";
        int k = r.nextInt(15);
        if (k < 7) {
            String e = EVENTS[k];
            return new Target("POST", p + "softphone/" + e, e, e.equals("statusChanged") ? "agentId" : "conversationId");
        }
        return switch (k) {
            case 7 -> new Target("POST", p + "crm-connect/messages", "crm-connect", "interactionId");
            case 8 -> new Target("POST", p + "interactions/" + id + "/disposition", "disposition", "dispositionId");
            case 9 -> new Target("POST", p + "interactions/" + id + "/visited", "visited", "crmObject");
            case 10 -> new Target("PUT", p + "interactions/" + id + "/cavs", "cavs", "cavList");
            case 11 -> new Target("PUT", p + "interactions/" + id + "/" + pick("name-object", "related-to-object"),
                    "name-object", "objectId");
            case 12 -> new Target("POST", p + pick("click2dial", "interactions/click2dial"), "click2dial", "click2DialData");
            case 13 -> new Target("POST", p + "agents/fz-agent/presence", "presence", "softphoneId");
            default -> new Target("POST", p + "softphone/incomingCall", "incomingCall", "conversationId");
        };
    }

    Input generate(int n) {
        String cls = CLASSES[r.nextInt(CLASSES.length)];
        // rarer heavy classes: re-roll most of them
        if ((cls.equals("beyond-body-limit") || cls.equals("huge-array") || cls.equals("deep-nesting"))
                && r.nextInt(4) != 0) {
            cls = pick("malformed", "truncated", "wrong-type", "unknown-field", "wrong-method", "other-tenant-id");
        }
        String t = tenant();
        String json = "application/json";
        String auth = bearer(t);
        boolean fresh = r.nextBoolean();
        String id = fresh ? "fz-new-" + n : liveId(t);
        Target tg = mutating(t, id);
        String body = template(tg.endpoint, id);
        switch (cls) {
            case "malformed" -> {
                String[] bad = {"{", "}", "[", "{\"conversationId\":}", "{'conversationId':'x'}", "{\"a\":1,}",
                    "nul", "NaN", "{\"conversationId\":\"x\"\"agentId\":\"y\"}", "\u0000", "{\"a\":01}",
                    "{\"conversationId\":\"x\"} trailing", "{\"a\":\"\\uZZZZ\"}", "{\"a\":tru}", "<xml/>", "{\"a\"::1}",
                    "--", "{\"a\":[1,2}", "{\"a\":\"unterminated}", "\"just a string\"", "42", "[]", "null", "true"};
                String b = bad[r.nextInt(bad.length)];
                if (r.nextBoolean()) { // mutate a valid body by dropping, swapping or inserting one structural byte
                    StringBuilder s = new StringBuilder(body);
                    int pos = r.nextInt(s.length());
                    char c = s.charAt(pos);
                    String structural = "{}[]:,\"";
                    int tries = 0;
                    while (structural.indexOf(c) < 0 && tries++ < 50) {
                        pos = r.nextInt(s.length());
                        c = s.charAt(pos);
                    }
                    if (structural.indexOf(c) < 0) { // no structural byte found: cut the closing brace instead
                        pos = s.length() - 1;
                        c = s.charAt(pos);
                    }
                    char with = pick("#", "{", "]", "'", ";").charAt(0);
                    if (with == c) {
                        with = '#';
                    }
                    s.setCharAt(pos, with);
                    b = s.toString();
                }
                return new Input(n, cls, tg.method, tg.path, json, auth, bytes(b), false, false);
            }
            case "truncated" -> {
                return new Input(n, cls, tg.method, tg.path, json, auth, bytes(body.substring(0, r.nextInt(body.length()))),
                        r.nextInt(5) == 0, false);
            }
            case "wrong-type" -> {
                String bad = pick("{\"x\":1}", "[1,2]", "[\"a\"]", "{}", "[]", "[[[]]]", "{\"id\":{}}");
                String b = replaceField(body, tg.idField, bad);
                if (tg.endpoint.equals("callEnded") && r.nextBoolean()) {
                    b = replaceField(body, "duration", pick("\"five\"", "[5]", "{}", "5.5", "-1", "1e400", "99999999999999999999"));
                }
                if (tg.endpoint.equals("crm-connect") && r.nextBoolean()) {
                    b = pick("{\"type\":\"CRMConnectMessage\",\"action\":\"requestSaveInteractionLog\",\"data\":[]}",
                            "{\"type\":\"CRMConnectMessage\",\"action\":7,\"data\":{}}",
                            "{\"type\":[\"CRMConnectMessage\"],\"action\":\"requestSaveInteractionLog\",\"data\":{}}",
                            "{\"type\":\"CRMConnectMessage\",\"action\":\"requestSaveInteractionLog\",\"data\":\"x\"}",
                            "{\"type\":\"CRMConnectMessage\",\"action\":\"requestPerformInteractionScreenPop\",\"data\":7}");
                }
                return new Input(n, cls, tg.method, tg.path, json, auth, bytes(b), false, false);
            }
            case "huge-string" -> {
                String b;
                if (tg.endpoint.equals("callNotesSubmitted") || tg.endpoint.equals("callEnded")) {
                    b = replaceField(body, "notes", "\"" + "n".repeat(32_001 + r.nextInt(200_000)) + "\"");
                    if (!b.contains("\"notes\"")) {
                        b = body.substring(0, body.length() - 1) + ",\"notes\":\"" + "n".repeat(32_001 + r.nextInt(100_000)) + "\"}";
                    }
                } else {
                    b = replaceField(body, tg.idField, "\"" + "i".repeat(129 + r.nextInt(400_000)) + "\"");
                }
                return new Input(n, cls, tg.method, tg.path, json, auth, bytes(b), r.nextInt(4) == 0, false);
            }
            case "huge-array" -> {
                StringBuilder s = new StringBuilder("[");
                int len = 1000 + r.nextInt(60_000);
                for (int i = 0; i < len; i++) {
                    s.append(i == 0 ? "" : ",").append(r.nextBoolean() ? "1" : "\"a\"");
                }
                s.append(']');
                String b = r.nextInt(3) == 0 ? s.toString() : replaceField(body, tg.idField, s.toString());
                return new Input(n, cls, tg.method, tg.path, json, auth, bytes(b), false, false);
            }
            case "beyond-body-limit" -> {
                int size = 1_048_577 + r.nextInt(600_000);
                String b = replaceField(body, tg.idField, "\"" + "x".repeat(size) + "\"");
                return new Input(n, cls, tg.method, tg.path, json, auth, bytes(b), r.nextBoolean(), false);
            }
            case "deep-nesting" -> {
                int depth = 500 + r.nextInt(20_000);
                String open = r.nextBoolean() ? "[" : "{\"a\":";
                String close = open.equals("[") ? "]" : "}";
                String nest = open.repeat(depth) + "1" + close.repeat(depth);
                String b = r.nextBoolean() ? nest : body.substring(0, body.length() - 1) + ",\"deep\":" + nest + "}";
                if (r.nextInt(3) == 0) {
                    b = replaceField(body, tg.idField, nest);
                }
                return new Input(n, cls, tg.method, tg.path, json, auth, bytes(b), false, false);
            }
            case "invalid-utf8" -> {
                byte[][] seqs = {{(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0x80}, {(byte) 0xE2, (byte) 0x82},
                    {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}};
                byte[] bad = seqs[r.nextInt(seqs.length)];
                if (r.nextInt(4) == 0) {
                    // 0xFF bytes where jackson-core pads the last partial quad of a field name: with the name
                    // already in its symbol table, "agen\xFFtId" reads as "agentId" (jackson-core 2.x quad padding)
                    Matcher names = Pattern.compile("\"([A-Za-z]+)\":").matcher(body);
                    List<int[]> spans = new ArrayList<>();
                    while (names.find()) {
                        if (names.group(1).length() % 4 != 0) {
                            spans.add(new int[] {names.start(1), names.end(1)});
                        }
                    }
                    if (!spans.isEmpty()) {
                        int[] sp = spans.get(r.nextInt(spans.size()));
                        int len = sp[1] - sp[0];
                        int rest = len % 4;
                        int pos = sp[1] - rest;
                        byte[] pad = new byte[4 - rest];
                        java.util.Arrays.fill(pad, (byte) 0xFF);
                        ByteArrayOutputStream o = new ByteArrayOutputStream();
                        byte[] bb = bytes(body);
                        o.write(bb, 0, pos);
                        o.write(pad, 0, pad.length);
                        o.write(bb, pos, bb.length - pos);
                        return new Input(n, "invalid-utf8", tg.method, tg.path, json, auth, o.toByteArray(), false, false);
                    }
                }
                // inside the id value: a lenient decoder would still have to refuse the id
                String marker = "\"" + tg.idField + "\":\"";
                int at = body.indexOf(marker);
                int pos = at >= 0 ? at + marker.length() : r.nextInt(body.length());
                ByteArrayOutputStream o = new ByteArrayOutputStream();
                byte[] bb = bytes(body);
                o.write(bb, 0, pos);
                o.write(bad, 0, bad.length);
                o.write(bb, pos, bb.length - pos);
                return new Input(n, cls, tg.method, tg.path, json + (r.nextBoolean() ? "; charset=utf-8" : ""), auth,
                        o.toByteArray(), false, false);
            }
            case "unknown-field" -> {
                String f = pick("\"admin\":true", "\"tenantId\":\"" + other(t) + "\"", "\"__proto__\":{}", "\"state\":\"FINISHED\"",
                        "\"conversationID\":\"x\"", "\"\":1", "\"x\":null");
                String b = body.substring(0, body.length() - 1) + "," + f + "}";
                if (tg.endpoint.equals("crm-connect") || tg.endpoint.equals("visited") || tg.endpoint.equals("click2dial")
                        || tg.endpoint.equals("cavs")) {
                    b = "{" + f + "," + body.substring(1); // top-level unknown member
                }
                return new Input(n, cls, tg.method, tg.path, json, auth, bytes(b), false, false);
            }
            case "unknown-action" -> {
                String p = "/api/v1/tenants/" + t + "/";
                int k = r.nextInt(4);
                if (k == 0) {
                    return new Input(n, cls, "POST", p + "softphone/" + pick("hangUp", "deleteAll", "IncomingCall",
                            "incomingcall", "callNotesSubmitted2", "%00", "..%2F..%2Fhealth"), json, auth,
                            bytes(template("incomingCall", id)), false, false);
                }
                if (k == 1) {
                    return new Input(n, cls, "POST", p + "crm-connect/messages", json, auth,
                            bytes("{\"type\":\"CRMConnectMessage\",\"action\":\"" + pick("requestDeleteInteraction",
                                    "requestSaveInteractionLogs", "", "REQUESTSAVEINTERACTIONLOG", "requestSaveInteractionLog ")
                                    + "\",\"data\":{\"interactionId\":\"" + id + "\"}}"), false, false);
                }
                if (k == 2) {
                    return new Input(n, cls, "POST", p + "crm-connect/messages", json, auth,
                            bytes("{\"type\":\"" + pick("CrmConnectMessage", "", "X") + "\",\"action\":\"requestSaveInteractionLog\",\"data\":{\"interactionId\":\"" + id + "\"}}"),
                            false, false);
                }
                return new Input(n, cls, pick("POST", "PUT"), p + "interactions/" + liveId(t) + "/" + pick("delete",
                        "finish", "disposition2", "cavs/1", "state"), json, auth, bytes(template("disposition", id)), false, false);
            }
            case "wrong-content-type" -> {
                String ct = pick(null, "text/plain", "application/xml", "application/x-www-form-urlencoded",
                        "multipart/form-data; boundary=x", "text/json", "", "application/*", "*/*", "json");
                return new Input(n, cls, tg.method, tg.path, ct, auth, bytes(body), false, false);
            }
            case "wrong-method" -> {
                String p = "/api/v1/tenants/" + t + "/";
                String[][] endpoints = {
                    {"softphone/" + EVENTS[r.nextInt(7)], "GET", "PUT", "DELETE", "PATCH"},
                    {"softphone/callbacks?agentId=fz-agent", "POST", "PUT", "DELETE"},
                    {"crm-connect/messages", "GET", "PUT", "DELETE", "PATCH"},
                    {"interactions", "POST", "PUT", "DELETE", "PATCH"},
                    {"interactions/" + liveId(t), "POST", "PUT", "DELETE"},
                    {"interactions/" + liveId(t) + "/" + SUBS[r.nextInt(SUBS.length)], "DELETE", "PATCH"},
                    {"interactions/" + liveId(t) + "/disposition", "GET", "PUT"},
                    {"interactions/" + liveId(t) + "/visited", "GET", "PUT"},
                    {"click2dial", "GET", "PUT", "DELETE"},
                    {"agents/fz-agent/events", "POST", "PUT", "DELETE"},
                    {"agents/fz-agent/presence", "GET", "PUT", "DELETE"},
                    {"delivery", "POST", "PUT", "DELETE"},
                    {"dead-letters", "POST", "PUT", "DELETE"},
                    {"dead-letters/retry-all", "GET", "PUT", "DELETE"},
                    {"dead-letters/1", "GET", "POST", "PUT"},
                    {"dead-letters/1/retry", "GET", "PUT", "DELETE"},
                    {"/health", "POST", "PUT", "DELETE"},
                    {"/metrics", "POST", "PUT", "DELETE"},
                    {"/api/v1/openapi.json", "POST", "PUT", "DELETE"},
                };
                String[] e = endpoints[r.nextInt(endpoints.length)];
                String m = e[1 + r.nextInt(e.length - 1)];
                return new Input(n, cls, m, e[0].startsWith("/") ? e[0] : p + e[0], json, auth, bytes(body), false, false);
            }
            case "missing-credentials" -> {
                return new Input(n, cls, tg.method, tg.path, json, pick(null, "", "Bearer", "Bearer ", "Basic cmVsOnJlbC1rZXk="),
                        bytes(body), false, false);
            }
            case "wrong-credentials" -> {
                String a = pick("Bearer " + keys.get(other(t)), "Bearer wrong", "Bearer " + keys.get(t) + "x",
                        "bearer  " + keys.get(t).toUpperCase(), "Bearer " + "k".repeat(5000), "Token " + keys.get(t),
                        "Bearer " + keys.get(t).substring(1));
                return new Input(n, cls, tg.method, tg.path, json, a, bytes(body), false, false);
            }
            case "other-tenant-id" -> {
                // authenticated as t, naming the other tenant's live interaction
                String theirs = liveId(other(t));
                String p = "/api/v1/tenants/" + t + "/";
                int k = r.nextInt(6);
                if (k == 0) {
                    String e = pick("callAccepted", "callRejected", "callEnded", "callNotesSubmitted");
                    return new Input(n, cls, "POST", p + "softphone/" + e, json, auth, bytes(template(e, theirs)), false, false);
                }
                if (k == 1) {
                    String sub = SUBS[r.nextInt(SUBS.length)];
                    String m = switch (sub) {
                        case "disposition", "visited" -> "POST";
                        case "cavs", "name-object", "related-to-object" -> pick("GET", "PUT");
                        default -> "GET";
                    };
                    String b = switch (sub) {
                        case "disposition" -> template("disposition", theirs);
                        case "visited" -> template("visited", theirs);
                        case "cavs" -> template("cavs", theirs);
                        default -> template("name-object", theirs);
                    };
                    return new Input(n, cls, m, p + "interactions/" + theirs + "/" + sub, json, auth,
                            m.equals("GET") ? null : bytes(b), false, false);
                }
                if (k == 2) {
                    return new Input(n, cls, "GET", p + "interactions/" + theirs, null, auth, null, false, false);
                }
                if (k == 3) { // the other tenant's path with this tenant's key
                    return new Input(n, cls, tg.method, tg.path.replace("/tenants/" + t + "/", "/tenants/" + other(t) + "/"),
                            json, auth, bytes(body), false, false);
                }
                if (k == 4) {
                    return new Input(n, cls, "POST", p + "softphone/callNotesSubmitted", json, auth,
                            bytes("{\"conversationId\":\"" + theirs + "\",\"disposition\":\"Resolved\"}"), false, false);
                }
                return new Input(n, cls, "POST", p + "interactions/" + theirs + "/disposition", json, auth,
                        bytes("{\"dispositionId\":\"Resolved\"}"), false, false);
            }
            case "bad-path" -> {
                String p = pick("/api/v1/tenants/nosuch/interactions", "/api/v1/tenants/", "/api/v1/", "/api/v1/tenants/" + t,
                        "/api/v1/tenants/" + t + "/nothing", "/api/v1/tenants/" + t + "/interactions/" + "i".repeat(200),
                        "/api/v1/tenants/" + t + "/interactions/bad%20id", "/api/v1/tenants/" + t + "/interactions/a/b/c/d",
                        "/api/v1/tenants/" + t + "/agents/bad%20agent/events", "/api/v1/tenants/" + t + "/agents/x",
                        "/api/v1/tenants/" + t + "/softphone", "/api/v1/tenants/" + t + "/softphone/a/b",
                        "/api/v1/tenants/" + t + "/crm-connect/other", "/api/v1/tenants/" + t + "/interactions/x/nope",
                        "/api/v1/tenants/" + "t".repeat(3000) + "/interactions", "/api/v1/tenants/%2e%2e/interactions",
                        "/api/v1/tenants/" + t + "/interactions?agentId=bad%20agent",
                        "/api/v1/tenants/" + t + "/softphone/callbacks", "/api/v1/tenants/" + t + "/softphone/callbacks?agentId=%00",
                        "/api/v1/tenants/" + t + "/agents/fz-agent/events?lastEventId=-5",
                        "/api/v1/tenants/" + t + "/agents/fz-agent/events?lastEventId=abc",
                        "/api/v1/openapi.json/x", "/api/v1/tenants/" + t + "/delivery/x",
                        "/api/v1/tenants/" + t + "/dead-letters/abc/retry", "/api/v1/tenants/" + t + "/dead-letters/-1/retry",
                        "/api/v1/tenants/" + t + "/dead-letters/99999999999999999999999/retry",
                        "/api/v1/tenants/" + t + "/dead-letters/424242/retry", "/api/v1/tenants/" + t + "/dead-letters/1/x",
                        "/api/v1/tenants/" + t + "/dead-letters/1e3", "/api/v1/tenants/" + t + "/interactions/" + liveId(t) + "/cavs/x");
                String m = p.contains("events") || p.contains("callbacks") || p.contains("interactions") ? "GET"
                        : p.endsWith("/retry") ? "POST" : p.contains("dead-letters/1") ? pick("GET", "DELETE") : pick("GET", "POST");
                return new Input(n, cls, m, p, m.equals("POST") ? json : null, auth, m.equals("POST") ? bytes(body) : null,
                        false, false);
            }
            default -> { // read-only GETs: may answer 200
                String p = "/api/v1/tenants/" + t + "/";
                String path = pick("/health", "/metrics", "/api/v1/openapi.json", p + "interactions",
                        p + "interactions?agentId=fz-agent", p + "interactions/" + liveId(t),
                        p + "interactions/" + liveId(t) + "/" + pick("cavs", "dispositions", "name-objects", "related-to-objects",
                                "name-object", "related-to-object", "search-results"),
                        p + "interactions/fz-nosuch-" + n, p + "delivery", p + "dead-letters");
                return new Input(n, "read-only-get", "GET", path, null, auth, null, false, true);
            }
        }
    }

    /** The body with the value of {@code field} replaced (the field added when absent). */
    static String replaceField(String body, String field, String value) {
        Pattern p = Pattern.compile("\"" + Pattern.quote(field) + "\":(\"(?:[^\"\\\\]|\\\\.)*\"|\\{[^{}]*\\}|\\[[^\\[\\]]*\\]|[^,}]+)");
        Matcher m = p.matcher(body);
        if (m.find()) {
            return body.substring(0, m.start()) + "\"" + field + "\":" + value + body.substring(m.end());
        }
        return body.substring(0, body.length() - 1) + ",\"" + field + "\":" + value + "}";
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // --- state

    String snapshot() throws Exception {
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
