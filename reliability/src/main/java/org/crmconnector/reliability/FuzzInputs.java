package org.crmconnector.reliability;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fuzzer's inputs: each one a request over an endpoint of one of the two
 * tenants with one defect class. Deterministic: every choice comes from one
 * seeded Random, in the order the inputs are generated.
 */
final class FuzzInputs {

    private static final String[] EVENTS = {"incomingCall", "callAccepted", "callRejected", "callEnded", "callNotesSubmitted",
        "outboundCallInitiated", "statusChanged"};
    private static final String[] SUBS = {"cavs", "dispositions", "disposition", "visited", "name-objects",
        "related-to-objects", "name-object", "related-to-object", "search-results"};
    private static final String[] CLASSES = {"malformed", "truncated", "wrong-type", "huge-string", "huge-array",
        "beyond-body-limit", "deep-nesting", "invalid-utf8", "unknown-field", "unknown-action", "wrong-content-type",
        "wrong-method", "missing-credentials", "wrong-credentials", "other-tenant-id", "bad-path", "over-cap",
        "read-only-get"};
    /** The server's default caps (issue 12): CAVs and CRM objects per interaction, streams per agent. */
    static final int MAX_CAVS = 256;
    static final int MAX_CRM_OBJECTS = 100;
    static final int MAX_STREAMS_PER_AGENT = 16;
    /** The agent whose streams the fuzzer holds open up to the cap, in each tenant. */
    static final String CAPPED_AGENT = "fz-capped-agent";

    final String[] tenants = {"rel", "rel2"};
    final Map<String, String> keys = Map.of("rel", "rel-key", "rel2", "rel2-key");
    /** Tenant to its live interaction ids, the targets of transitions and of the other tenant's requests. */
    final Map<String, List<String>> ids = new TreeMap<>();
    private final Random r;

    FuzzInputs(long seed) {
        this.r = new Random(seed);
    }

    private String pick(String... a) {
        return a[r.nextInt(a.length)];
    }

    private String tenant() {
        return tenants[r.nextInt(2)];
    }

    private String other(String t) {
        return t.equals("rel") ? "rel2" : "rel";
    }

    private String liveId(String t) {
        List<String> l = ids.get(t);
        return l.get(r.nextInt(l.size()));
    }

    private String bearer(String t) {
        return "Bearer " + keys.get(t);
    }

    /** A valid body for a mutating endpoint, with conversation/interaction id {@code id}. */
    private String template(String endpoint, String id) {
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

    private record Target(String method, String path, String endpoint, String idField) {
    }

    /** A mutating endpoint of tenant t, on one of its own live ids or a fresh one. */
    private Target mutating(String t, String id) {
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

    FuzzInput generate(int n) {
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
                return new FuzzInput(n, cls, tg.method, tg.path, json, auth, bytes(b), false, false);
            }
            case "truncated" -> {
                return new FuzzInput(n, cls, tg.method, tg.path, json, auth, bytes(body.substring(0, r.nextInt(body.length()))),
                        r.nextInt(5) == 0, false);
            }
            case "wrong-type" -> {
                String bad = pick("{\"x\":1}", "[1,2]", "[\"a\"]", "{}", "[]", "[[[]]]", "{\"id\":{}}");
                // scalars of another type are never coerced (issue 12); the Avaya format takes numbers for ids by design
                if (r.nextInt(3) == 0) {
                    bad = tg.endpoint.equals("crm-connect") ? pick("true", "false") : pick("true", "false", "42", "4.2", "-7");
                }
                String b = replaceField(body, tg.idField, bad);
                if (tg.endpoint.equals("callEnded") && r.nextBoolean()) {
                    b = replaceField(body, "duration", pick("\"five\"", "[5]", "{}", "5.5", "-1", "1e400", "99999999999999999999",
                            "\"5\"", "true"));
                }
                if (tg.endpoint.equals("crm-connect") && r.nextBoolean()) {
                    b = pick("{\"type\":\"CRMConnectMessage\",\"action\":\"requestSaveInteractionLog\",\"data\":[]}",
                            "{\"type\":\"CRMConnectMessage\",\"action\":7,\"data\":{}}",
                            "{\"type\":[\"CRMConnectMessage\"],\"action\":\"requestSaveInteractionLog\",\"data\":{}}",
                            "{\"type\":\"CRMConnectMessage\",\"action\":\"requestSaveInteractionLog\",\"data\":\"x\"}",
                            "{\"type\":\"CRMConnectMessage\",\"action\":\"requestPerformInteractionScreenPop\",\"data\":7}");
                }
                return new FuzzInput(n, cls, tg.method, tg.path, json, auth, bytes(b), false, false);
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
                return new FuzzInput(n, cls, tg.method, tg.path, json, auth, bytes(b), r.nextInt(4) == 0, false);
            }
            case "huge-array" -> {
                StringBuilder s = new StringBuilder("[");
                int len = 1000 + r.nextInt(60_000);
                for (int i = 0; i < len; i++) {
                    s.append(i == 0 ? "" : ",").append(r.nextBoolean() ? "1" : "\"a\"");
                }
                s.append(']');
                String b = r.nextInt(3) == 0 ? s.toString() : replaceField(body, tg.idField, s.toString());
                return new FuzzInput(n, cls, tg.method, tg.path, json, auth, bytes(b), false, false);
            }
            case "beyond-body-limit" -> {
                int size = 1_048_577 + r.nextInt(600_000);
                String b = replaceField(body, tg.idField, "\"" + "x".repeat(size) + "\"");
                return new FuzzInput(n, cls, tg.method, tg.path, json, auth, bytes(b), r.nextBoolean(), false);
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
                return new FuzzInput(n, cls, tg.method, tg.path, json, auth, bytes(b), false, false);
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
                        return new FuzzInput(n, "invalid-utf8", tg.method, tg.path, json, auth, o.toByteArray(), false, false);
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
                return new FuzzInput(n, cls, tg.method, tg.path, json + (r.nextBoolean() ? "; charset=utf-8" : ""), auth,
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
                return new FuzzInput(n, cls, tg.method, tg.path, json, auth, bytes(b), false, false);
            }
            case "unknown-action" -> {
                String p = "/api/v1/tenants/" + t + "/";
                int k = r.nextInt(4);
                if (k == 0) {
                    return new FuzzInput(n, cls, "POST", p + "softphone/" + pick("hangUp", "deleteAll", "IncomingCall",
                            "incomingcall", "callNotesSubmitted2", "%00", "..%2F..%2Fhealth"), json, auth,
                            bytes(template("incomingCall", id)), false, false);
                }
                if (k == 1) {
                    return new FuzzInput(n, cls, "POST", p + "crm-connect/messages", json, auth,
                            bytes("{\"type\":\"CRMConnectMessage\",\"action\":\"" + pick("requestDeleteInteraction",
                                    "requestSaveInteractionLogs", "", "REQUESTSAVEINTERACTIONLOG", "requestSaveInteractionLog ")
                                    + "\",\"data\":{\"interactionId\":\"" + id + "\"}}"), false, false);
                }
                if (k == 2) {
                    return new FuzzInput(n, cls, "POST", p + "crm-connect/messages", json, auth,
                            bytes("{\"type\":\"" + pick("CrmConnectMessage", "", "X") + "\",\"action\":\"requestSaveInteractionLog\",\"data\":{\"interactionId\":\"" + id + "\"}}"),
                            false, false);
                }
                return new FuzzInput(n, cls, pick("POST", "PUT"), p + "interactions/" + liveId(t) + "/" + pick("delete",
                        "finish", "disposition2", "cavs/1", "state"), json, auth, bytes(template("disposition", id)), false, false);
            }
            case "wrong-content-type" -> {
                String ct = pick(null, "text/plain", "application/xml", "application/x-www-form-urlencoded",
                        "multipart/form-data; boundary=x", "text/json", "", "application/*", "*/*", "json",
                        // look-alikes of JSON that a prefix match took (issue 12)
                        "application/jsonx", "application/json-seq", "application/jsonp; charset=utf-8",
                        "application/json+xml", "application/+json", "application/x-json+jsonx");
                return new FuzzInput(n, cls, tg.method, tg.path, ct, auth, bytes(body), false, false);
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
                return new FuzzInput(n, cls, m, e[0].startsWith("/") ? e[0] : p + e[0], json, auth, bytes(body), false, false);
            }
            case "missing-credentials" -> {
                return new FuzzInput(n, cls, tg.method, tg.path, json, pick(null, "", "Bearer", "Bearer ", "Basic cmVsOnJlbC1rZXk="),
                        bytes(body), false, false);
            }
            case "wrong-credentials" -> {
                String a = pick("Bearer " + keys.get(other(t)), "Bearer wrong", "Bearer " + keys.get(t) + "x",
                        "bearer  " + keys.get(t).toUpperCase(), "Bearer " + "k".repeat(5000), "Token " + keys.get(t),
                        "Bearer " + keys.get(t).substring(1));
                return new FuzzInput(n, cls, tg.method, tg.path, json, a, bytes(body), false, false);
            }
            case "other-tenant-id" -> {
                // authenticated as t, naming the other tenant's live interaction
                String theirs = liveId(other(t));
                String p = "/api/v1/tenants/" + t + "/";
                int k = r.nextInt(6);
                if (k == 0) {
                    String e = pick("callAccepted", "callRejected", "callEnded", "callNotesSubmitted");
                    return new FuzzInput(n, cls, "POST", p + "softphone/" + e, json, auth, bytes(template(e, theirs)), false, false);
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
                    return new FuzzInput(n, cls, m, p + "interactions/" + theirs + "/" + sub, json, auth,
                            m.equals("GET") ? null : bytes(b), false, false);
                }
                if (k == 2) {
                    return new FuzzInput(n, cls, "GET", p + "interactions/" + theirs, null, auth, null, false, false);
                }
                if (k == 3) { // the other tenant's path with this tenant's key
                    return new FuzzInput(n, cls, tg.method, tg.path.replace("/tenants/" + t + "/", "/tenants/" + other(t) + "/"),
                            json, auth, bytes(body), false, false);
                }
                if (k == 4) {
                    return new FuzzInput(n, cls, "POST", p + "softphone/callNotesSubmitted", json, auth,
                            bytes("{\"conversationId\":\"" + theirs + "\",\"disposition\":\"Resolved\"}"), false, false);
                }
                return new FuzzInput(n, cls, "POST", p + "interactions/" + theirs + "/disposition", json, auth,
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
                        "/api/v1/tenants/" + t + "/dead-letters/1e3", "/api/v1/tenants/" + t + "/interactions/" + liveId(t) + "/cavs/x",
                        // what the container refuses on its own, which must be the API's JSON as well (issue 12)
                        "/api/v1/tenants/" + t + "/interactions/%2e%2e", "/api/v1/tenants/" + t + "/%2e%2e/%2e%2e/health",
                        "/api/v1/tenants/" + t + "/interactions/a%2Fb", "/api/v1/tenants//" + t + "/interactions",
                        "/api/v1/tenants/" + t + "/interactions/%C0%AE%C0%AE", "/api/v1/tenants/" + t + "/interactions/%FF",
                        "/api/v1/tenants/" + t + "/interactions/%E2%82", "/api/v1/tenants/" + t + "/interactions/..;/x",
                        "/api/v1/tenants/" + t + "/interactions/%5C..%5C", "/api/v2/tenants/" + t + "/interactions", "/api",
                        "/api/v1/tenants/" + t + "/zz-route-" + r.nextInt(1000));
                String m = p.contains("events") || p.contains("callbacks") || p.contains("interactions") ? "GET"
                        : p.endsWith("/retry") ? "POST" : p.contains("dead-letters/1") ? pick("GET", "DELETE") : pick("GET", "POST");
                return new FuzzInput(n, cls, m, p, m.equals("POST") ? json : null, auth, m.equals("POST") ? bytes(body) : null,
                        false, false);
            }
            case "over-cap" -> {
                // one more of what an interaction or an agent already holds as much of as it may: 409 or 429, nothing made
                String p = "/api/v1/tenants/" + t + "/";
                String full = ids.get(t).get(0);
                int k = r.nextInt(5);
                if (k == 0) {
                    return new FuzzInput(n, cls, "PUT", p + "interactions/" + full + "/cavs", json, auth,
                            bytes("{\"cavList\":[{\"id\":\"fz-cap-" + n + "\",\"value\":\"v\"}]}"), false, false);
                }
                if (k == 1) {
                    return new FuzzInput(n, cls, "POST", p + "interactions/" + full + "/visited", json, auth,
                            bytes("{\"crmObject\":{\"id\":\"fz-cap-" + n + "\",\"" + pick("isWho", "isWhat") + "\":true}}"),
                            false, false);
                }
                if (k == 2) {
                    StringBuilder cavs = new StringBuilder();
                    for (int i = 0; i <= MAX_CAVS; i++) {
                        cavs.append(i == 0 ? "" : ",").append("{\"id\":\"c").append(i).append("\",\"value\":\"v\"}");
                    }
                    return new FuzzInput(n, cls, "POST", p + "interaction-events/" + pick("chatOffered", "emailOffered"), json,
                            auth, bytes("{\"interactionId\":\"fz-new-" + n + "\",\"agentId\":\"fz-agent\",\"cavs\":["
                                    + cavs + "]}"), false, false);
                }
                String stream = k == 3 ? p + "agents/" + CAPPED_AGENT + "/events" : p + "softphone/callbacks?agentId=" + CAPPED_AGENT;
                return new FuzzInput(n, cls, "GET", stream, null, auth, null, false, false);
            }
            default -> { // read-only GETs: may answer 200
                String p = "/api/v1/tenants/" + t + "/";
                String path = pick("/health", "/metrics", "/api/v1/openapi.json", p + "interactions",
                        p + "interactions?agentId=fz-agent", p + "interactions/" + liveId(t),
                        p + "interactions/" + liveId(t) + "/" + pick("cavs", "dispositions", "name-objects", "related-to-objects",
                                "name-object", "related-to-object", "search-results"),
                        p + "interactions/fz-nosuch-" + n, p + "delivery", p + "dead-letters");
                return new FuzzInput(n, "read-only-get", "GET", path, null, auth, null, false, true);
            }
        }
    }

    /** The body with the value of {@code field} replaced (the field added when absent). */
    private static String replaceField(String body, String field, String value) {
        Pattern p = Pattern.compile("\"" + Pattern.quote(field) + "\":(\"(?:[^\"\\\\]|\\\\.)*\"|\\{[^{}]*\\}|\\[[^\\[\\]]*\\]|[^,}]+)");
        Matcher m = p.matcher(body);
        if (m.find()) {
            return body.substring(0, m.start()) + "\"" + field + "\":" + value + body.substring(m.end());
        }
        return body.substring(0, body.length() - 1) + ",\"" + field + "\":" + value + "}";
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
