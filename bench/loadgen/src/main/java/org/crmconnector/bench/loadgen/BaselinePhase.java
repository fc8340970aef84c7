package org.crmconnector.bench.loadgen;

/** Phase a: the bare servlet, {@code POST /bench/echo} at full speed, the yardstick of phase b. */
final class BaselinePhase {

    private final RunContext ctx;

    BaselinePhase(RunContext ctx) {
        this.ctx = ctx;
    }

    void run(String kind, String suffix, String tag) throws InterruptedException {
        Options o = ctx.options;
        StringBuilder md = ctx.report.md;
        ClosedLoop.Result res = ctx.closedLoop.run("baseline", kind, w -> w.post("echo", "/bench/echo",
                "{\"conversationId\":\"a-" + ctx.runId + "-" + w.id + "-" + (w.seq++) + "\",\"agentId\":\"agent-" + w.id
                        + "\",\"callerANI\":\"+15551230000\",\"language\":\"en_US\"}"));
        Samples lat = res.latency();
        long ok = res.ok();
        long bad = res.failed();
        double rate = ok / (double) o.duration;
        ctx.report.figures.put("baseline_rps" + tag, rate);
        ctx.report.figures.put("baseline_p99_ms" + tag, lat.percentilesMs(99)[0]);
        md.append("## a. Bare servlet baseline").append(suffix).append("\n\n");
        md.append("`POST /bench/echo` (small JSON in, small JSON out; same Jetty/whiteboard/Jackson stack, no auth), ")
                .append(o.connections).append(" keep-alive connections, closed loop.\n\n");
        md.append(String.format("- **%.0f req/s** (%d ok, %d failed; statuses %s)%n", rate, ok, bad, res.statuses()));
        md.append("- response latency: ").append(lat.summary()).append('\n');
        md.append("- CPU during the window (cores): ").append(res.cpu()).append('\n');
        res.cpuPerRequest(ctx.report, "baseline_server_cpu_us" + tag, "request", ok);
    }
}
