package org.crmconnector.bench.loadgen;

import java.util.concurrent.TimeUnit;

/**
 * Phase e: what the per-agent replay buffers keep. Publishes {@code --retention-events}
 * agentStatus events (statusChanged: no interaction is created, so only the buffers
 * grow) to each of {@code --retention-agents} agents that have no stream, and
 * compares the server's heap after a full GC before and after.
 */
final class RetentionPhase {

    private final RunContext ctx;

    RetentionPhase(RunContext ctx) {
        this.ctx = ctx;
    }

    void run() throws InterruptedException {
        Options o = ctx.options;
        StringBuilder md = ctx.report.md;
        md.append("## e. Replay-buffer retention\n\n");
        if (o.serverPid <= 0) {
            md.append("(needs --server-pid)\n\n");
            return;
        }
        double before = (Double) Proc.heapAfterGc(o.serverPid)[0];
        long total = (long) o.retentionAgents * o.retentionEvents;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(60, o.duration * 6L));
        long t0 = System.nanoTime();
        long done = Fanout.run(ctx, "retention", total, deadline, (w, k) -> w.post("statusChanged",
                ctx.api.path("softphone/statusChanged"), "{\"agentId\":\"ret-" + ctx.runId + "-" + (k % o.retentionAgents)
                        + "\",\"softphoneId\":\"sp-" + k + "\"}"));
        double secs = (System.nanoTime() - t0) / 1e9;
        double after = (Double) Proc.heapAfterGc(o.serverPid)[0];
        double perEvent = (after - before) * 1024 * 1024 / Math.max(1, done);
        double popWire = ctx.pops.averageBytes();
        // one agentStatus data line is about 50 bytes here; a screenPop's extra data bytes add one for one
        double perPopEvent = perEvent + (Double.isNaN(popWire) ? 0 : popWire - 50);
        double perAgentFull = perPopEvent * 256;
        ctx.report.figures.put("retention_bytes_per_event", perEvent);
        ctx.report.figures.put("retention_mb_10k_agents_full_pop_buffers", perAgentFull * 10_000 / 1024 / 1024);
        md.append(String.format("%d statusChanged events accepted (%d agents × %d, no streams open) in %.1f s (%.0f/s). "
                + "Server heap after a full GC: %.1f MB before, %.1f MB after: **%.0f bytes retained per published "
                + "event** (agentStatus, ~50 data bytes). Buffers are per (tenant, agent, kind), hold the last 256 "
                + "events (replay_size) and are never evicted, even when the agent has no stream.%n%n", done,
                o.retentionAgents, o.retentionEvents, secs, done / secs, before, after, perEvent));
        if (!Double.isNaN(popWire)) {
            md.append(String.format("- screenPop data lines seen in this run average %.0f bytes, so a full buffer of pops is "
                    + "about %.0f KB per agent: **%.0f MB for 10,000 agents** once each has had 256 pops "
                    + "(against a 512 MB heap).%n%n", popWire, perAgentFull / 1024, perAgentFull * 10_000 / 1024 / 1024));
        }
    }
}
