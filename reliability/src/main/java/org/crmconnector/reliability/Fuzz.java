package org.crmconnector.reliability;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

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

    private final FuzzInputs inputs;
    private final FuzzClient client;

    Fuzz(String base, long seed) {
        this.inputs = new FuzzInputs(seed);
        this.client = new FuzzClient(base);
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
            FuzzInputs f = new FuzzInputs(seed);
            f.ids.put("rel", List.of("fz-rel-0", "fz-rel-1", "fz-rel-2"));
            f.ids.put("rel2", List.of("fz-rel2-0", "fz-rel2-1", "fz-rel2-2"));
            for (int n = 0; n <= dump; n++) {
                FuzzInput in = f.generate(n);
                if (n == dump) {
                    System.out.println(in.cls() + " " + in.method() + " " + in.path() + " ct=" + in.contentType() + " auth=" + in.auth()
                            + " chunked=" + in.chunked());
                    System.out.println(java.util.HexFormat.of().formatHex(in.body() == null ? new byte[0] : in.body()));
                }
            }
            return;
        }
        System.exit(new Fuzz(base, seed).run(control, count, out) ? 0 : 1);
    }

    /**
     * Brings each tenant's first live interaction to the server's caps (CAVs,
     * visited objects) and holds its capped agent's streams
     * open up to the cap, so the over-cap inputs meet full resources.
     */
    private List<java.net.http.HttpResponse<java.util.stream.Stream<String>>> fillCaps() throws Exception {
        List<java.net.http.HttpResponse<java.util.stream.Stream<String>>> held = new ArrayList<>();
        for (String t : inputs.tenants) {
            String p = "/api/v1/tenants/" + t + "/";
            String full = inputs.ids.get(t).get(0);
            StringBuilder cavs = new StringBuilder();
            for (int i = 0; i < FuzzInputs.MAX_CAVS; i++) {
                cavs.append(i == 0 ? "" : ",").append("{\"id\":\"fz-c").append(i).append("\",\"value\":\"v\"}");
            }
            expect(200, client.send("PUT", p + "interactions/" + full + "/cavs", inputs.keys.get(t),
                    "{\"cavList\":[" + cavs + "]}"), "CAVs up to the cap");
            // Related To objects until the visited list is full: then no new object can be visited, whatever the
            // Name options hold (the pop may have offered a match there already)
            for (int i = 0; ; i++) {
                java.net.http.HttpResponse<String> visited = client.send("POST", p + "interactions/" + full + "/visited",
                        inputs.keys.get(t), "{\"crmObject\":{\"id\":\"fz-o" + i + "\",\"isWhat\":true}}");
                if (visited.statusCode() == 409 && visited.body().contains("TOO_MANY_CRM_OBJECTS")) {
                    break;
                }
                expect(200, visited, "CRM objects up to the cap");
                if (i > FuzzInputs.MAX_CRM_OBJECTS) {
                    throw new IllegalStateException("no cap on CRM objects after " + i + " visits");
                }
            }
            for (int i = 0; i < FuzzInputs.MAX_STREAMS_PER_AGENT; i++) {
                held.add(client.openStream(i % 2 == 0 ? p + "agents/" + FuzzInputs.CAPPED_AGENT + "/events"
                        : p + "softphone/callbacks?agentId=" + FuzzInputs.CAPPED_AGENT, inputs.keys.get(t)));
            }
        }
        return held;
    }

    private static void expect(int status, java.net.http.HttpResponse<String> resp, String what) {
        if (resp.statusCode() != status) {
            throw new IllegalStateException(what + ": " + resp.statusCode() + " " + resp.body());
        }
    }

    boolean run(int control, int count, Path out) throws Exception {
        // live interactions in both tenants, the targets of transitions and of the other tenant's requests
        for (String t : inputs.tenants) {
            List<String> list = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String id = "fz-" + t + "-" + i;
                client.send("POST", "/api/v1/tenants/" + t + "/softphone/incomingCall", inputs.keys.get(t),
                        "{\"conversationId\":\"" + id + "\",\"agentId\":\"fz-agent\",\"callerANI\":\"+1555000" + i + "\"}");
                client.send("POST", "/api/v1/tenants/" + t + "/softphone/callAccepted", inputs.keys.get(t),
                        "{\"conversationId\":\"" + id + "\",\"agentId\":\"fz-agent\"}");
                list.add(id);
            }
            inputs.ids.put(t, list);
        }
        List<java.net.http.HttpResponse<java.util.stream.Stream<String>>> held = fillCaps();
        Thread.sleep(2500); // pops settle
        String before = client.snapshot(inputs.tenants, inputs.keys) + client.crmWrites(control);

        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> perClass = new ConcurrentHashMap<>();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicLong transportErrors = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        long t0 = System.nanoTime();
        java.util.concurrent.Semaphore window = new java.util.concurrent.Semaphore(8); // bounds memory: big bodies
        for (int n = 0; n < count; n++) {
            FuzzInput in = inputs.generate(n); // generated in order from the one seeded Random: deterministic inputs
            window.acquire();
            pool.execute(() -> {
              try {
                String verdict = client.execute(in, outcomes, transportErrors);
                perClass.computeIfAbsent(in.cls(), k -> new AtomicInteger()).incrementAndGet();
                if (verdict != null && failures.size() < 5000) {
                    failures.add("#" + in.n() + " " + in.cls() + " " + in.method() + " " + FuzzClient.clip(in.path()) + " ct=" + in.contentType()
                            + " body=" + FuzzClient.clip(new String(in.body() == null ? new byte[0] : in.body(), StandardCharsets.UTF_8))
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
        String after = client.snapshot(inputs.tenants, inputs.keys) + client.crmWrites(control);
        held.forEach(stream -> stream.body().close());
        int health = client.healthStatus();
        boolean stateSame = before.equals(after);
        boolean ok = finished && failures.isEmpty() && stateSame && health == 200;

        StringBuilder sb = new StringBuilder();
        sb.append("fuzz_inputs=").append(count).append('\n');
        sb.append("fuzz_ms=").append(ms).append('\n');
        sb.append("fuzz_outcomes=").append(new TreeMap<>(outcomes)).append('\n');
        sb.append("fuzz_classes=").append(new TreeMap<>(perClass)).append('\n');
        sb.append("fuzz_transport_errors=").append(transportErrors).append('\n');
        sb.append("fuzz_stale_connection_retries=").append(client.staleRetries).append('\n');
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
}
