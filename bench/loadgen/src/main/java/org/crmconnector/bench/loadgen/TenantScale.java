package org.crmconnector.bench.loadgen;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 16: a thousand tenants on one node, provisioned through the operator
 * API. Against a server it did not start ({@code bench/tenants.sh} starts
 * one): posts N generic REST instances and their N tenants in one bulk
 * request, waits until the summary says all are live, reads the server's
 * threads and its heap after a full GC, then changes tenants' keys one by one
 * and times each until the tenant API takes the new key. Prints Markdown.
 *
 * <pre>
 * java -cp crm-bench-loadgen.jar org.crmconnector.bench.loadgen.TenantScale \
 *   --target http://127.0.0.1:19300 --key OPERATOR_KEY --pid SERVER_PID [--tenants 1000] [--changes 20]
 * </pre>
 */
public final class TenantScale {

    private static final Pattern LIVE = Pattern.compile("\"(tenants|adapters)\":\\{[^}]*\"live\":(\\d+)");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String target;
    private final String operatorKey;
    private final long pid;

    private TenantScale(String target, String operatorKey, long pid) {
        this.target = target;
        this.operatorKey = operatorKey;
        this.pid = pid;
    }

    public static void main(String[] args) throws Exception {
        String target = null;
        String key = null;
        long pid = -1;
        int tenants = 1000;
        int changes = 20;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--target" -> target = args[i + 1];
                case "--key" -> key = args[i + 1];
                case "--pid" -> pid = Long.parseLong(args[i + 1]);
                case "--tenants" -> tenants = Integer.parseInt(args[i + 1]);
                case "--changes" -> changes = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (target == null || key == null || pid < 0) {
            throw new IllegalArgumentException("--target, --key and --pid are required");
        }
        new TenantScale(target, key, pid).run(tenants, changes);
    }

    private void run(int n, int changes) throws Exception {
        int threadsEmpty = threads();
        long heapEmpty = heapAfterGc();
        String[] keys = new String[n];
        StringBuilder adapters = new StringBuilder();
        StringBuilder tenants = new StringBuilder();
        for (int i = 0; i < n; i++) {
            String id = String.format("scale%04d", i);
            keys[i] = randomKey();
            adapters.append(i == 0 ? "" : ",").append("{\"id\":\"").append(id).append("-crm\",\"type\":")
                    .append("\"org.crmconnector.crm.genericrest\",\"attributes\":{\"base.url\":\"http://127.0.0.1:9/crm\",")
                    .append("\"auth.type\":\"bearer\",\"auth.token\":\"token-").append(id)
                    .append("\",\"lookup.url\":\"/contacts?phone={ani}\",\"log.url\":\"/activities\"}}");
            tenants.append(i == 0 ? "" : ",").append("{\"id\":\"").append(id).append("\",\"attributes\":{")
                    .append("\"adapter.instance\":\"").append(id).append("-crm\",\"api.key\":\"").append(keys[i])
                    .append("\"}}");
        }
        String bulk = "{\"adapters\":[" + adapters + "],\"tenants\":[" + tenants + "]}";
        long start = System.nanoTime();
        HttpResponse<String> posted = send("POST", "/api/v1/admin/bulk", operatorKey, bulk);
        if (posted.statusCode() != 200) {
            throw new IllegalStateException("bulk refused: " + posted.statusCode() + " " + posted.body());
        }
        double postSeconds = seconds(start);
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        int[] live = {0, 0};
        while (live[0] < n || live[1] < n) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not all live after 5 minutes: " + live[0] + " tenants, " + live[1] + " adapters");
            }
            Thread.sleep(100);
            live = live(send("GET", "/api/v1/admin/summary", operatorKey, null).body());
        }
        double liveSeconds = seconds(start);
        int threadsLive = threads();
        long heapLive = heapAfterGc();

        List<Double> changeMillis = new ArrayList<>();
        for (int k = 0; k < changes; k++) {
            int i = (int) ((long) k * n / Math.max(1, changes));
            String id = String.format("scale%04d", i);
            String newKey = randomKey();
            long t = System.nanoTime();
            HttpResponse<String> put = send("PUT", "/api/v1/admin/tenants/" + id, operatorKey,
                    "{\"attributes\":{\"adapter.instance\":\"" + id + "-crm\",\"api.key\":\"" + newKey + "\"}}");
            if (put.statusCode() != 200) {
                throw new IllegalStateException("change refused: " + put.statusCode() + " " + put.body());
            }
            while (send("GET", "/api/v1/tenants/" + id + "/delivery", newKey, null).statusCode() != 200) {
                if (seconds(t) > 30) {
                    throw new IllegalStateException("tenant " + id + " did not take its new key within 30 s");
                }
                Thread.sleep(5);
            }
            changeMillis.add((System.nanoTime() - t) / 1e6);
        }
        changeMillis.sort(null);
        double median = changeMillis.isEmpty() ? 0 : changeMillis.get(changeMillis.size() / 2);
        double max = changeMillis.isEmpty() ? 0 : changeMillis.get(changeMillis.size() - 1);

        int threadGrowth = threadsLive - threadsEmpty;
        System.out.println("| figure | value | target | met |");
        System.out.println("|---|---|---|---|");
        row("bulk request answered (" + n + " adapter instances + " + n + " tenants, "
                + bulk.getBytes(StandardCharsets.UTF_8).length / 1024 + " KB)", fmt("%.1f s", postSeconds), "", "");
        row("all " + n + " tenants and adapter instances live", fmt("%.1f s", liveSeconds), "< 30 s", liveSeconds < 30);
        row("heap after full GC, empty server", mb(heapEmpty), "", "");
        row("heap after full GC, " + n + " tenants live", mb(heapLive), "< 512 MB (-Xmx512m)", heapLive < 512L << 20);
        row("threads, empty server", String.valueOf(threadsEmpty), "", "");
        row("threads, " + n + " tenants live", threadsLive + " (+" + threadGrowth + ")", "< 150 over the empty server",
                threadGrowth < 150);
        row("changed tenant key taken by the tenant API (" + changeMillis.size() + " changes), median",
                fmt("%.0f ms", median), "< 1 s", median < 1000);
        row("same, slowest", fmt("%.0f ms", max), "< 1 s", max < 1000);
    }

    private static void row(String figure, String value, String target, Object met) {
        String m = met instanceof Boolean b ? (b ? "yes" : "**no**") : "";
        System.out.println("| " + figure + " | " + value + " | " + target + " | " + m + " |");
    }

    private static String fmt(String format, double v) {
        return String.format(Locale.ROOT, format, v);
    }

    private static String mb(long bytes) {
        return fmt("%.0f MB", bytes / 1048576.0);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static String randomKey() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static int[] live(String summary) {
        int[] live = {0, 0};
        Matcher m = LIVE.matcher(summary);
        while (m.find()) {
            live[m.group(1).equals("tenants") ? 0 : 1] = Integer.parseInt(m.group(2));
        }
        return live;
    }

    private HttpResponse<String> send(String method, String path, String key, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + key);
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The server's live threads, from /proc. */
    private int threads() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("Threads:")) {
                return Integer.parseInt(line.substring(8).trim());
            }
        }
        throw new IOException("no thread count for process " + pid);
    }

    /** Heap in use after a full GC, as jcmd reports it (GC.run, then GC.heap_info's "used"). */
    private long heapAfterGc() throws IOException, InterruptedException {
        jcmd("GC.run");
        Matcher m = Pattern.compile("total \\d+K, used (\\d+)K").matcher(jcmd("GC.heap_info"));
        if (!m.find()) {
            throw new IOException("jcmd GC.heap_info gave no 'used'");
        }
        return Long.parseLong(m.group(1)) * 1024;
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("jcmd", String.valueOf(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("jcmd " + command + " failed: " + out);
        }
        return out;
    }
}
