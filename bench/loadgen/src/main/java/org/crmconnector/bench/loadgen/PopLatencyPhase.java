package org.crmconnector.bench.loadgen;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Phase c: event-to-pop latency. Agents hold their event streams open; senders
 * note the time, send incomingCall and wait for that interaction's screenPop on
 * the agent's stream.
 */
final class PopLatencyPhase {

    private final RunContext ctx;

    PopLatencyPhase(RunContext ctx) {
        this.ctx = ctx;
    }

    void run() throws Exception {
        Options o = ctx.options;
        StringBuilder md = ctx.report.md;
        PopMatcher pops = ctx.pops;
        md.append("## c. Event-to-pop latency\n\n");
        if (o.streamPort != o.port || !o.streamHost.equals(o.host)) {
            md.append(String.format("Across nodes: streams on %s:%d, incomingCall sent to %s:%d.%n%n", o.streamHost,
                    o.streamPort, o.host, o.port));
        }
        try (SseHub hub = new SseHub(o.streamHost, o.streamPort, o.tenant, o.key, o.handshakes, pops)) {
            double openSecs = hub.openAll("pop-" + ctx.runId + "-", o.popAgents, 60);
            int connected = hub.connected.get();
            md.append(String.format("%d agent streams open (%d failed, %.1f s). %d senders, each: take the next agent, "
                    + "note the time, `POST incomingCall`, wait for the `screenPop` with that interactionId on the agent's "
                    + "stream (read by one NIO thread), then `callRejected` to end the call (untimed). The measured "
                    + "tenant pops on offer through an adapter that needs no CRM round trip (run.sh's `bench` tenant): this "
                    + "is the connector's own time, excluding CRM time.%n%n", connected, hub.failed.get(), openSecs,
                    o.popSenders));
            if (connected == 0) {
                md.append("**no stream connected**: ").append(hub.firstFailure).append("\n\n");
                return;
            }
            List<SseHub.Stream> open = hub.streams().stream().filter(s -> s.connected).toList();
            Samples[] perSender = new Samples[o.popSenders];
            long[] missing = new long[o.popSenders];
            Proc.Snapshot before = Proc.Snapshot.take(o.serverPid);
            long warmEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.min(o.warmup, 3));
            long end = warmEnd + TimeUnit.SECONDS.toNanos(o.duration);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < o.popSenders; t++) {
                int me = t;
                perSender[t] = new Samples(2_000_000);
                Thread th = new Thread(() -> send(me, open, end, warmEnd, perSender, missing), "pop-sender-" + t);
                th.setDaemon(true);
                threads.add(th);
            }
            threads.forEach(Thread::start);
            for (Thread th : threads) {
                th.join(TimeUnit.SECONDS.toMillis(o.duration + 30L));
            }
            Proc.Snapshot after = Proc.Snapshot.take(o.serverPid);
            Samples all = new Samples(8_000_000);
            for (Samples s : perSender) {
                all.addAll(s);
            }
            long miss = 0;
            for (long m : missing) {
                miss += m;
            }
            double[] p = all.percentilesMs(50, 95, 99);
            ctx.report.figures.put("pop_p50_ms", p[0]);
            ctx.report.figures.put("pop_p95_ms", p[1]);
            ctx.report.figures.put("pop_p99_ms", p[2]);
            ctx.report.figures.put("pop_missing", (double) miss);
            md.append(String.format("- **p50 %.3f ms, p95 %.3f ms, p99 %.3f ms** (%s)%n", p[0], p[1], p[2], all.summary()));
            md.append(String.format("- %.0f pops/s measured; %d incomingCalls without their pop within 2 s; %d stray pops; "
                    + "pop statuses seen %s; stream drops %d%n", all.size() / (double) o.duration, miss, pops.stray.get(),
                    pops.statuses, hub.dropped.get()));
            md.append("- CPU (cores): ").append(after.coresSince(before)).append("\n\n");
        }
    }

    /** Sender {@code me}: one call at a time to the next of its agents until {@code end}; timed after {@code warmEnd}. */
    private void send(int me, List<SseHub.Stream> open, long end, long warmEnd, Samples[] perSender, long[] missing) {
        Options o = ctx.options;
        SoftphoneApi api = ctx.api;
        try (HttpPoster http = ctx.posters.open("raw")) {
            Worker w = new Worker(me, http, ctx.report);
            for (long k = 0; System.nanoTime() < end; k++) {
                SseHub.Stream s = open.get((int) ((me + k * o.popSenders) % open.size()));
                String conv = "c-" + ctx.runId + "-" + me + "-" + k;
                CompletableFuture<Long> f = ctx.pops.expect(conv);
                long t0 = System.nanoTime();
                int st = w.post("incomingCall", api.path("softphone/incomingCall"), SoftphoneApi.incomingCall(conv, s.agentId));
                long arrived;
                try {
                    arrived = SoftphoneApi.ok(st) ? f.get(2, TimeUnit.SECONDS) : -1;
                } catch (TimeoutException | ExecutionException e) {
                    arrived = -1;
                }
                ctx.pops.forget(conv);
                if (t0 >= warmEnd) {
                    if (arrived > 0) {
                        perSender[me].add(arrived - t0);
                    } else {
                        missing[me]++;
                    }
                }
                if (SoftphoneApi.ok(st)) {
                    w.post("callRejected", api.path("softphone/callRejected"), SoftphoneApi.callRejected(conv, s.agentId));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
