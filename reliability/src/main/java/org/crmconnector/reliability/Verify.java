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
 * Compares what the load driver was told with what the fake CRM holds. A
 * log is promised when its call's callEnded was answered 2xx (or, its answer
 * lost to a kill, the interaction's state showed it applied); a wrap-up when
 * callNotesSubmitted was. Waits (bounded) until every promised log has a
 * record and every wrap-up's disposition and notes are in it, then a quiet
 * period for late redeliveries. Prints key=value figures; exits 1 on any lost
 * log, missing wrap-up, duplicated record, unexplained record, refused event
 * or call the load could not run to its end.
 * <pre>
 * Verify --control PORT --prefix P --timeout S --load DIR [--load DIR ...] [--window FROM_MS TO_MS] [--out FILE]
 *        [--pops] [--streams] [--killed NODE EPOCH_MS ...]
 * </pre>
 * Only CRM keys starting with the prefix are this scenario's.
 * <p>
 * {@code --pops}: every call whose incomingCall was accepted must have had its screen pop on its agent's stream,
 * except one accepted by a node SIGKILLed (each {@code --killed}: its index in the load's --base list and when,
 * taken once the node is gone) within the pop timeout (3 s) after: the pop is made by the node that took the
 * call, and dies with it if that node dies first; those are counted apart. A call the killed node applied without
 * answering counts as accepted when it was sent there. {@code --streams}: each agent stream's event ids went on one by one, across
 * every reconnect (none twice, none skipped, each resume right after its Last-Event-ID), and at least one stream
 * resumed on another node than it had been on.
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
        boolean checkPops = false;
        boolean checkStreams = false;
        List<long[]> killed = new ArrayList<>();
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
                case "--pops" -> checkPops = true;
                case "--streams" -> checkStreams = true;
                case "--killed" -> killed.add(new long[] {Long.parseLong(a[++i]), Long.parseLong(a[++i])});
                default -> throw new IllegalArgumentException(a[i]);
            }
        }
        List<String[]> calls = new ArrayList<>();
        Map<String, Long> load = new TreeMap<>();
        List<String> refusals = new ArrayList<>();
        List<String> outages = new ArrayList<>();
        List<String[]> streams = new ArrayList<>();
        for (Path d : loads) {
            if (Files.exists(d.resolve("streams.tsv"))) {
                for (String l : Files.readAllLines(d.resolve("streams.tsv"))) {
                    streams.add(l.split("\t", -1));
                }
            }
            for (String l : Files.readAllLines(d.resolve("calls.tsv"))) {
                calls.add(l.split("\t", -1));
            }
            for (String l : Files.readAllLines(d.resolve("summary.txt"))) {
                String[] kv = l.split("=", 2);
                if (kv.length == 2) {
                    load.merge(kv[0], Long.parseLong(kv[1].trim()), Long::sum);
                }
            }
            refusals.addAll(Files.readAllLines(d.resolve("refusals.txt")));
            outages.addAll(Files.readAllLines(d.resolve("outages.txt")));
        }
        // what the load was told: a log is promised when callEnded is accepted; its wrap-up when callNotesSubmitted is
        Set<String> promised = new LinkedHashSet<>();       // callEnded answered 2xx
        Set<String> promisedByState = new LinkedHashSet<>(); // callEnded's answer lost, the state showed it applied
        Set<String> endSent = new LinkedHashSet<>();
        Map<String, String[]> wrapUps = new TreeMap<>();     // id -> {disposition, notes} (JSON-escaped as sent)
        long wrapUpsAcked = 0;
        long wrapUpsByState = 0;
        long neverWrappedUp = 0;
        for (String[] c : calls) {
            int ended = Integer.parseInt(c[6]);
            int notes = Integer.parseInt(c[5]);
            if (ended != 0) {
                endSent.add(c[0]);
            }
            if (ended / 100 == 2) {
                promised.add(c[0]);
            } else if (ended == Load.APPLIED_ANSWER_LOST) {
                promisedByState.add(c[0]);
            }
            if (notes / 100 == 2 || notes == Load.APPLIED_ANSWER_LOST) {
                wrapUps.put(c[0], new String[] {c[9], c[10]});
                if (notes == Load.APPLIED_ANSWER_LOST) {
                    wrapUpsByState++;
                } else {
                    wrapUpsAcked++;
                }
            }
            if ("0".equals(c[8]) && (ended / 100 == 2 || ended == Load.APPLIED_ANSWER_LOST)) {
                neverWrappedUp++;
            }
        }
        Set<String> mustHaveRecord = new LinkedHashSet<>(promised);
        mustHaveRecord.addAll(promisedByState);

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout * 1_000_000_000L;
        long started = System.nanoTime();
        Map<String, Rec> crm;
        long drainMs = -1;
        while (true) {
            crm = keys(http, control, prefix);
            if (missing(mustHaveRecord, crm) == 0 && wrapUpsMissing(wrapUps, crm, null) == 0) {
                drainMs = (System.nanoTime() - started) / 1_000_000;
                break;
            }
            if (System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(1000);
        }
        Thread.sleep(quiet * 1000L); // late redeliveries would show as duplicates or as a wrap-up overwritten
        crm = keys(http, control, prefix);

        List<String> lostKeys = new ArrayList<>();
        long lostPromised = 0;
        long lostByState = 0;
        for (String k : mustHaveRecord) {
            if (!crm.containsKey(k)) {
                if (promised.contains(k)) {
                    lostPromised++;
                } else {
                    lostByState++;
                }
                if (lostKeys.size() < 20) {
                    lostKeys.add(k);
                }
            }
        }
        List<String> wrapUpExamples = new ArrayList<>();
        long wrapUpsMissing = wrapUpsMissing(wrapUps, crm, wrapUpExamples);
        long dupKeys = 0;
        long dupRecords = 0;
        long redelivered = 0;
        long absorbedChanging = 0;
        long updates = 0;
        long unexplained = 0;
        List<String> dupList = new ArrayList<>();
        for (Map.Entry<String, Rec> e : crm.entrySet()) {
            Rec v = e.getValue();
            if (v.records > 1) {
                dupKeys++;
                dupRecords += v.records - 1;
                if (dupList.size() < 20) {
                    dupList.add(e.getKey() + "x" + v.records);
                }
            }
            redelivered += Math.max(0, v.creates - 1);
            absorbedChanging += v.absorbedChanging;
            updates += v.updates;
            if (!endSent.contains(e.getKey())) {
                unexplained++; // a record for a call that never ended here
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
        // pops: every accepted incomingCall's pop on its agent's stream
        long offered = 0;
        long popsMissing = 0;
        long popsLostWithNode = 0;
        List<String> popMissingExamples = new ArrayList<>();
        for (String[] c : calls) {
            int offer = Integer.parseInt(c[2]);
            if (offer / 100 != 2 && offer != Load.APPLIED_ANSWER_LOST) {
                continue;
            }
            offered++;
            if (!"-".equals(c[3])) {
                continue;
            }
            long node = c.length > 12 ? Long.parseLong(c[12]) : -1;
            long at = c.length > 13 ? Long.parseLong(c[13]) : -1;
            boolean withNode = killed.stream().anyMatch(k -> k[0] == node && at >= 0 && k[1] >= at && k[1] - at <= 3000);
            if (withNode) {
                popsLostWithNode++;
            } else {
                popsMissing++;
                if (popMissingExamples.size() < 20) {
                    popMissingExamples.add(c[0] + "@node" + node);
                }
            }
        }
        // streams: ids one by one across reconnects
        long streamEvents = 0;
        long streamDuplicates = 0;
        long streamSkipped = 0;
        long resumes = 0;
        long resumesElsewhere = 0;
        long badResumeCount = 0;
        List<String> badResumes = new ArrayList<>();
        for (String[] st : streams) {
            streamEvents += Long.parseLong(st[3]);
            streamDuplicates += Long.parseLong(st[4]);
            streamSkipped += Long.parseLong(st[5]);
            resumes += Long.parseLong(st[6]);
            resumesElsewhere += Long.parseLong(st[7]);
            if (st.length > 8 && !st[8].isEmpty()) {
                badResumeCount += st[8].split(",").length;
                if (badResumes.size() < 20) {
                    badResumes.add(st[0] + ":" + st[8]);
                }
            }
        }
        long refused = load.getOrDefault("events_refused", 0L);
        long unfinished = load.getOrDefault("calls_not_run_to_their_end", 0L);
        StringBuilder sb = new StringBuilder();
        load.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        sb.append("logs_promised=").append(promised.size()).append('\n');
        sb.append("logs_promised_by_state=").append(promisedByState.size()).append('\n');
        sb.append("logs_delivered=").append(mustHaveRecord.size() - lostPromised - lostByState).append('\n');
        sb.append("logs_lost=").append(lostPromised).append('\n');
        sb.append("logs_lost_by_state=").append(lostByState).append('\n');
        sb.append("calls_ended_never_wrapped_up=").append(neverWrappedUp).append('\n');
        sb.append("wrapups_acked=").append(wrapUpsAcked).append('\n');
        sb.append("wrapups_by_state=").append(wrapUpsByState).append('\n');
        sb.append("wrapups_in_crm=").append(wrapUps.size() - wrapUpsMissing).append('\n');
        sb.append("wrapups_missing=").append(wrapUpsMissing).append('\n');
        sb.append("duplicate_keys=").append(dupKeys).append('\n');
        sb.append("duplicate_records=").append(dupRecords).append('\n');
        sb.append("crm_log_updates=").append(updates).append('\n');
        sb.append("redelivered_creates_absorbed=").append(redelivered).append('\n');
        sb.append("absorbed_creates_changing_record=").append(absorbedChanging).append('\n');
        sb.append("crm_keys_unexplained=").append(unexplained).append('\n');
        sb.append("drain_ms=").append(drainMs).append('\n');
        sb.append("pop_window_calls=").append(inWindow).append('\n');
        sb.append("pop_status=").append(popStatus).append('\n');
        sb.append("pop_latency_ms_p50=").append(pct(lat, 0.50)).append('\n');
        sb.append("pop_latency_ms_p99=").append(pct(lat, 0.99)).append('\n');
        sb.append("pop_latency_ms_max=").append(lat.isEmpty() ? -1 : lat.get(lat.size() - 1)).append('\n');
        if (checkPops) {
            sb.append("pops_expected=").append(offered).append('\n');
            sb.append("pops_missing=").append(popsMissing).append('\n');
            sb.append("pops_lost_with_killed_node=").append(popsLostWithNode).append('\n');
        }
        if (checkStreams) {
            sb.append("stream_events=").append(streamEvents).append('\n');
            sb.append("stream_ids_received_twice=").append(streamDuplicates).append('\n');
            sb.append("stream_ids_skipped=").append(streamSkipped).append('\n');
            sb.append("stream_resumes=").append(resumes).append('\n');
            sb.append("stream_resumes_on_another_node=").append(resumesElsewhere).append('\n');
            sb.append("stream_resumes_not_right_after_last_id=").append(badResumeCount).append('\n');
        }
        for (int i = 0; i < outages.size(); i++) {
            sb.append("outage_").append(i + 1).append('=').append(outages.get(i)).append('\n');
        }
        for (int i = 0; i < Math.min(20, refusals.size()); i++) {
            sb.append("refusal_example=").append(refusals.get(i).replace('\t', ' ')).append('\n');
        }
        if (!lostKeys.isEmpty()) {
            sb.append("lost_examples=").append(lostKeys).append('\n');
        }
        if (!wrapUpExamples.isEmpty()) {
            sb.append("wrapup_missing_examples=").append(wrapUpExamples).append('\n');
        }
        if (!popMissingExamples.isEmpty()) {
            sb.append("pop_missing_examples=").append(popMissingExamples).append('\n');
        }
        if (!badResumes.isEmpty()) {
            sb.append("stream_bad_resume_examples=").append(badResumes).append('\n');
        }
        if (!dupList.isEmpty()) {
            sb.append("duplicate_examples=").append(dupList).append('\n');
        }
        boolean ok = lostPromised == 0 && lostByState == 0 && wrapUpsMissing == 0 && dupKeys == 0 && unexplained == 0
                && refused == 0 && unfinished == 0 && !promised.isEmpty()
                && (!checkPops || popsMissing == 0)
                && (!checkStreams || (streamDuplicates == 0 && streamSkipped == 0 && badResumeCount == 0
                        && resumesElsewhere > 0));
        sb.append("verdict=").append(ok ? "PASS" : "FAIL").append('\n');
        System.out.print(sb);
        if (out != null) {
            Files.writeString(out, sb.toString());
        }
        System.exit(ok ? 0 : 1);
    }

    static final class Rec {
        int records;
        int creates;
        int updates;
        int absorbedChanging;
        String disposition;
        String notes;
    }

    private static long missing(Set<String> keys, Map<String, Rec> crm) {
        return keys.stream().filter(k -> !crm.containsKey(k)).count();
    }

    /** Wrap-ups whose disposition and notes are not what the CRM record holds now. */
    private static long wrapUpsMissing(Map<String, String[]> wrapUps, Map<String, Rec> crm, List<String> examples) {
        long n = 0;
        for (Map.Entry<String, String[]> w : wrapUps.entrySet()) {
            Rec r = crm.get(w.getKey());
            if (r == null || !w.getValue()[0].equals(r.disposition) || !w.getValue()[1].equals(r.notes)) {
                n++;
                if (examples != null && examples.size() < 20) {
                    examples.add(w.getKey() + (r == null ? " (no record)"
                            : " (CRM has disposition '" + r.disposition + "', notes '" + r.notes + "')"));
                }
            }
        }
        return n;
    }

    private static long pct(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int i = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    /** The fake CRM's records for keys with the prefix. */
    private static Map<String, Rec> keys(HttpClient http, int control, String prefix)
            throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + control + "/keys"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        Map<String, Rec> m = new HashMap<>();
        for (String l : r.body().split("\n")) {
            String[] f = l.split("\t", -1);
            // CRM keys are tenant-scoped (tenant:interaction); the load knows its calls by interaction id
            String key = f.length == 7 ? f[0].substring(f[0].indexOf(':') + 1) : "";
            if (f.length == 7 && key.startsWith(prefix)) {
                Rec rec = new Rec();
                rec.records = Integer.parseInt(f[1]);
                rec.creates = Integer.parseInt(f[2]);
                rec.updates = Integer.parseInt(f[3]);
                rec.absorbedChanging = Integer.parseInt(f[4]);
                rec.disposition = f[5];
                rec.notes = f[6];
                m.put(key, rec);
            }
        }
        return m;
    }
}
