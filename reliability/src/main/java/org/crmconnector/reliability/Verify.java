package org.crmconnector.reliability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Compares what the load driver had acknowledged with what the fake CRM
 * holds. Waits (bounded) until every acknowledged log has arrived, then a
 * quiet period for late duplicates. Prints key=value figures; exits 1 on any
 * lost or duplicated log.
 * <pre>
 * Verify --control PORT --prefix P --timeout S --load DIR [--load DIR ...] [--window FROM_MS TO_MS] [--out FILE]
 * </pre>
 * Only CRM keys starting with the prefix are this scenario's.
 */
public final class Verify {

    public static void main(String[] a) throws Exception {
        int control = 0;
        String prefix = "";
        int timeout = 90;
        int quiet = 4;
        List<Path> loads = new ArrayList<>();
        long from = Long.MIN_VALUE;
        long to = Long.MAX_VALUE;
        Path out = null;
        for (int i = 0; i < a.length; i++) {
            switch (a[i]) {
                case "--control" -> control = Integer.parseInt(a[++i]);
                case "--prefix" -> prefix = a[++i];
                case "--timeout" -> timeout = Integer.parseInt(a[++i]);
                case "--quiet" -> quiet = Integer.parseInt(a[++i]);
                case "--load" -> loads.add(Path.of(a[++i]));
                case "--window" -> {
                    from = Long.parseLong(a[++i]);
                    to = Long.parseLong(a[++i]);
                }
                case "--out" -> out = Path.of(a[++i]);
                default -> throw new IllegalArgumentException(a[i]);
            }
        }
        Set<String> acked = new LinkedHashSet<>();
        Set<String> sent = new LinkedHashSet<>();
        List<String[]> calls = new ArrayList<>();
        Map<String, Long> load = new TreeMap<>();
        for (Path d : loads) {
            acked.addAll(Files.readAllLines(d.resolve("acked.txt")));
            sent.addAll(Files.readAllLines(d.resolve("sent.txt")));
            for (String l : Files.readAllLines(d.resolve("calls.tsv"))) {
                calls.add(l.split("\t"));
            }
            for (String l : Files.readAllLines(d.resolve("summary.txt"))) {
                String[] kv = l.split("=", 2);
                if (kv.length == 2) {
                    load.merge(kv[0], Long.parseLong(kv[1].trim()), Long::sum);
                }
            }
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout * 1_000_000_000L;
        long started = System.nanoTime();
        Map<String, int[]> crm = null;
        long drainMs = -1;
        while (true) {
            crm = keys(http, control, prefix);
            int missing = 0;
            for (String k : acked) {
                if (!crm.containsKey(k)) {
                    missing++;
                }
            }
            if (missing == 0) {
                drainMs = (System.nanoTime() - started) / 1_000_000;
                break;
            }
            if (System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(1000);
        }
        Thread.sleep(quiet * 1000L); // late redeliveries would show as duplicates
        crm = keys(http, control, prefix);

        long delivered = 0;
        long lost = 0;
        List<String> lostKeys = new ArrayList<>();
        for (String k : acked) {
            if (crm.containsKey(k)) {
                delivered++;
            } else {
                lost++;
                if (lostKeys.size() < 20) {
                    lostKeys.add(k);
                }
            }
        }
        long dupKeys = 0;
        long dupRecords = 0;
        long redelivered = 0;
        long unackedDelivered = 0;
        long unknown = 0;
        List<String> dupList = new ArrayList<>();
        for (Map.Entry<String, int[]> e : crm.entrySet()) {
            int[] v = e.getValue();
            if (v[0] > 1) {
                dupKeys++;
                dupRecords += v[0] - 1;
                if (dupList.size() < 20) {
                    dupList.add(e.getKey() + "x" + v[0]);
                }
            }
            redelivered += Math.max(0, v[1] - 1);
            if (!acked.contains(e.getKey())) {
                if (sent.contains(e.getKey())) {
                    unackedDelivered++;
                } else {
                    unknown++;
                }
            }
        }
        // pop latency in the window
        List<Long> lat = new ArrayList<>();
        Map<String, Integer> popStatus = new TreeMap<>();
        int inWindow = 0;
        for (String[] c : calls) {
            long start = Long.parseLong(c[1]);
            if (start < from || start > to) {
                continue;
            }
            inWindow++;
            popStatus.merge(c[3], 1, Integer::sum);
            long l = Long.parseLong(c[4]);
            if (l >= 0) {
                lat.add(l);
            }
        }
        Collections.sort(lat);
        StringBuilder sb = new StringBuilder();
        load.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        sb.append("logs_acked_distinct=").append(acked.size()).append('\n');
        sb.append("logs_delivered=").append(delivered).append('\n');
        sb.append("logs_lost=").append(lost).append('\n');
        sb.append("duplicate_keys=").append(dupKeys).append('\n');
        sb.append("duplicate_records=").append(dupRecords).append('\n');
        sb.append("redelivered_creates_absorbed=").append(redelivered).append('\n');
        sb.append("unacked_but_delivered=").append(unackedDelivered).append('\n');
        sb.append("crm_keys_never_sent=").append(unknown).append('\n');
        sb.append("drain_ms=").append(drainMs).append('\n');
        sb.append("pop_window_calls=").append(inWindow).append('\n');
        sb.append("pop_status=").append(popStatus).append('\n');
        sb.append("pop_latency_ms_p50=").append(pct(lat, 0.50)).append('\n');
        sb.append("pop_latency_ms_p99=").append(pct(lat, 0.99)).append('\n');
        sb.append("pop_latency_ms_max=").append(lat.isEmpty() ? -1 : lat.get(lat.size() - 1)).append('\n');
        if (!lostKeys.isEmpty()) {
            sb.append("lost_examples=").append(lostKeys).append('\n');
        }
        if (!dupList.isEmpty()) {
            sb.append("duplicate_examples=").append(dupList).append('\n');
        }
        boolean ok = lost == 0 && dupKeys == 0 && unknown == 0 && !acked.isEmpty();
        sb.append("verdict=").append(ok ? "PASS" : "FAIL").append('\n');
        System.out.print(sb);
        if (out != null) {
            Files.writeString(out, sb.toString());
        }
        System.exit(ok ? 0 : 1);
    }

    private static long pct(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int i = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    /** key -> {records, creates, updates} for keys with the prefix. */
    private static Map<String, int[]> keys(HttpClient http, int control, String prefix)
            throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + control + "/keys"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        Map<String, int[]> m = new HashMap<>();
        for (String l : r.body().split("\n")) {
            String[] f = l.split("\t");
            if (f.length == 4 && f[0].startsWith(prefix)) {
                m.put(f[0], new int[] {Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3])});
            }
        }
        return m;
    }
}
