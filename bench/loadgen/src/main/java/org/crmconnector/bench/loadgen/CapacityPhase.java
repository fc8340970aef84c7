package org.crmconnector.bench.loadgen;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Phase d: stream capacity. Opens thousands of concurrent agent streams from one
 * selector thread, checks that a pop reaches a sample of them, and weighs the
 * server's heap with all of them open.
 */
final class CapacityPhase {

    private final RunContext ctx;

    CapacityPhase(RunContext ctx) {
        this.ctx = ctx;
    }

    void run() throws Exception {
        Options o = ctx.options;
        StringBuilder md = ctx.report.md;
        PopMatcher pops = ctx.pops;
        md.append("## d. Concurrent agent streams\n\n");
        Object[] heap0 = Proc.heapAfterGc(o.serverPid);
        Double start = ctx.report.figures.get("heap_at_start_mb");
        if (start != null && (Double) heap0[0] >= 0) {
            md.append(String.format("Heap used after a full GC before this phase: %.1f MB (%.1f MB more than before any load: "
                    + "what the earlier phases left behind, e.g. replay buffers and finished interactions awaiting the sweep).%n%n",
                    (Double) heap0[0], (Double) heap0[0] - start));
        }
        String threads0 = Proc.status(o.serverPid, "Threads");
        String rss0 = Proc.status(o.serverPid, "VmRSS");
        pops.clear();
        try (SseHub hub = new SseHub(o.host, o.port, o.tenant, o.key, o.handshakes, pops)) {
            Proc.Snapshot before = Proc.Snapshot.take(o.serverPid);
            long overflows0 = Proc.listenOverflows();
            double secs = hub.openAll("cap-" + ctx.runId + "-", o.streamCount, 240);
            long overflows = Proc.listenOverflows() - overflows0;
            Proc.Snapshot opened = Proc.Snapshot.take(o.serverPid);
            int connected = hub.connected.get();
            Samples connect = new Samples(100_000);
            List<SseHub.Stream> all = hub.streams();
            for (SseHub.Stream s : all) {
                if (s.connected) {
                    connect.add(s.connectedNanos - s.openedNanos);
                }
            }
            ctx.report.figures.put("streams_connected", (double) connected);
            md.append(String.format("%d streams requested (`GET agents/{agentId}/events`, key in the Authorization header, one NIO thread, "
                    + "at most %d handshakes in flight); **%d got their `: connected` preamble**, %d failed, in %.1f s "
                    + "(%.0f streams/s).%n%n", o.streamCount, o.handshakes, connected, hub.failed.get(), secs, connected / secs));
            if (hub.firstFailure != null) {
                md.append("- first failure: ").append(hub.firstFailure).append('\n');
            }
            md.append("- time to preamble: ").append(connect.summary()).append('\n');
            md.append("- CPU while opening (cores): ").append(opened.coresSince(before)).append('\n');
            md.append(String.format("- listen queue overflows while opening (machine-wide TcpExt ListenOverflows): %d; "
                    + "the server's accept backlog (`ss -ltn`, Send-Q): %s%n", overflows, backlog()));
            samplePops(all);
            Object[] heap1 = Proc.heapAfterGc(o.serverPid);
            int stillOpen = (int) all.stream().filter(s -> s.connected && !s.ended).count();
            double used0 = (Double) heap0[0];
            double used1 = (Double) heap1[0];
            ctx.report.figures.put("streams_heap_used_mb", used1);
            ctx.report.figures.put("streams_still_open", (double) stillOpen);
            md.append(String.format("- server heap used after a full GC (`jcmd GC.run`, `GC.heap_info`), -Xmx512m: "
                    + "**%.1f MB with %d streams open** (%.1f MB before opening them: %.1f KB per stream)%n", used1,
                    stillOpen, used0, used0 >= 0 && used1 >= 0 && stillOpen > 0 ? (used1 - used0) * 1024 / stillOpen : Double.NaN));
            md.append(String.format("- server threads %s → %s, RSS %s → %s; streams still open at the end %d (dropped %d)%n",
                    threads0, Proc.status(o.serverPid, "Threads"), rss0, Proc.status(o.serverPid, "VmRSS"), stillOpen,
                    hub.dropped.get()));
            md.append("\n<details><summary>GC.heap_info with the streams open</summary>\n\n```\n").append(heap1[1])
                    .append("\n```\n</details>\n\n");
        }
    }

    /** A pop to a sample of the open streams, spread over the set: each must arrive on its own stream. */
    private void samplePops(List<SseHub.Stream> all) throws InterruptedException {
        SoftphoneApi api = ctx.api;
        PopMatcher pops = ctx.pops;
        List<SseHub.Stream> open = all.stream().filter(s -> s.connected && !s.ended).toList();
        Samples popLat = new Samples(10_000);
        int delivered = 0;
        int sample = Math.min(ctx.options.streamSample, open.size());
        try (HttpPoster http = ctx.posters.open("raw")) {
            Worker w = new Worker(0, http, ctx.report);
            for (int i = 0; i < sample; i++) {
                SseHub.Stream s = open.get((int) ((long) i * open.size() / sample));
                String conv = "d-" + ctx.runId + "-" + i;
                CompletableFuture<Long> f = pops.expect(conv);
                long t0 = System.nanoTime();
                int st = w.post("incomingCall", api.path("softphone/incomingCall"), SoftphoneApi.incomingCall(conv, s.agentId));
                try {
                    if (SoftphoneApi.ok(st)) {
                        popLat.add(f.get(5, TimeUnit.SECONDS) - t0);
                        delivered++;
                    }
                } catch (TimeoutException | ExecutionException e) {
                    // counted as not delivered
                }
                pops.forget(conv);
                if (SoftphoneApi.ok(st)) {
                    w.post("callRejected", api.path("softphone/callRejected"), SoftphoneApi.callRejected(conv, s.agentId));
                }
            }
        }
        ctx.report.figures.put("streams_sample_delivered", (double) delivered);
        ctx.report.figures.put("streams_sample", (double) sample);
        ctx.report.md.append(String.format("- a screenPop reached **%d of %d** sampled streams (each its own pop only; stray "
                + "pops %d); event-to-pop with all streams open: %s%n", delivered, sample, pops.stray.get(), popLat.summary()));
    }

    /** The server's accept queue length, as {@code ss -ltn} shows it (Send-Q of the listening socket). */
    private String backlog() {
        String ss = Proc.run(List.of("ss", "-ltn", "sport = :" + ctx.options.port));
        for (String line : ss.split("\n")) {
            if (line.startsWith("LISTEN")) {
                String[] f = line.trim().split("\\s+");
                return f.length > 2 ? f[2] : "?";
            }
        }
        return "?";
    }
}
