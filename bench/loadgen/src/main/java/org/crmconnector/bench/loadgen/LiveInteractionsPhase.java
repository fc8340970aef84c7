package org.crmconnector.bench.loadgen;

import java.util.concurrent.TimeUnit;

/**
 * Phase f: the heap a live interaction costs. Starts {@code --live-interactions}
 * outbound calls (outboundCallInitiated: an accepted interaction that pops
 * nothing, so no replay buffer grows) and leaves them live, compares the
 * server's heap after a full GC before and after, then ends and wraps each
 * call up again so later phases start clean.
 */
final class LiveInteractionsPhase {

    private final RunContext ctx;

    LiveInteractionsPhase(RunContext ctx) {
        this.ctx = ctx;
    }

    void run() throws InterruptedException {
        Options o = ctx.options;
        StringBuilder md = ctx.report.md;
        md.append("## f. Heap per live interaction\n\n");
        if (o.serverPid <= 0) {
            md.append("(needs --server-pid)\n\n");
            return;
        }
        double before = (Double) Proc.heapAfterGc(o.serverPid)[0];
        long t0 = System.nanoTime();
        long created = forEachCall(o, (w, conv, agent) -> w.post("outboundCallInitiated",
                ctx.api.path("softphone/outboundCallInitiated"), "{\"partnerId\":\"" + SoftphoneApi.PARTNER
                        + "\",\"conversationId\":\"" + conv + "\",\"agentId\":\"" + agent
                        + "\",\"dialledTo\":\"+15557654321\"}"));
        double secs = (System.nanoTime() - t0) / 1e9;
        double after = (Double) Proc.heapAfterGc(o.serverPid)[0];
        double perInteraction = (after - before) * 1024 * 1024 / Math.max(1, created);
        ctx.report.figures.put("heap_bytes_per_live_interaction", perInteraction);
        md.append(String.format("%d outbound calls started and left live in %.1f s (%.0f/s, each saved durably before "
                + "its answer). Server heap after a full GC: %.1f MB before, %.1f MB after: **%.0f bytes per live "
                + "interaction** (its data in the registry, held in memory as well as in the store), i.e. %.0f MB for "
                + "10,000 live calls.%n%n", created, secs, created / secs, before, after, perInteraction,
                perInteraction * 10_000 / 1024 / 1024));
        long finished = forEachCall(o, (w, conv, agent) -> {
            int ended = w.post("callEnded", ctx.api.path("softphone/callEnded"),
                    "{\"conversationId\":\"" + conv + "\",\"agentId\":\"" + agent + "\",\"duration\":1}");
            return SoftphoneApi.ok(ended) ? w.post("callNotesSubmitted", ctx.api.path("softphone/callNotesSubmitted"),
                    "{\"conversationId\":\"" + conv + "\",\"agentId\":\"" + agent + "\",\"disposition\":\"Resolved\"}")
                    : ended;
        });
        md.append(String.format("Afterwards %d of them were ended and wrapped up again.%n%n", finished));
    }

    /** One request (or pair) per call of this phase. */
    private interface CallStep {
        int send(Worker w, String conv, String agent);
    }

    /** Runs {@code step} for every call of the phase; returns how many got 2xx. */
    private long forEachCall(Options o, CallStep step) throws InterruptedException {
        // bounded like every phase: the load generator never waits on the server forever
        return Fanout.run(ctx, "live", o.liveInteractions, System.nanoTime() + TimeUnit.MINUTES.toNanos(5),
                (w, k) -> step.send(w, "live-" + ctx.runId + "-" + k, "live-agent-" + (k % 100)));
    }
}
