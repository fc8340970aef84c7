package org.crmconnector.bench.loadgen;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Phase b: softphone call lifecycles (incomingCall, callAccepted, callEnded,
 * callNotesSubmitted) at full speed, and their ratio to phase a of the same round.
 */
final class LifecyclePhase {

    private final RunContext ctx;
    /** Over all rounds: the heap retained per conversation is measured against it. */
    private long conversationsFinished;

    LifecyclePhase(RunContext ctx) {
        this.ctx = ctx;
    }

    void run(String kind, String suffix, String tag) throws InterruptedException {
        Options o = ctx.options;
        StringBuilder md = ctx.report.md;
        Map<String, Double> figures = ctx.report.figures;
        SoftphoneApi api = ctx.api;
        ClosedLoop.Result res = ctx.closedLoop.run("lifecycle", kind, w -> {
            String agent = "lc-" + ((w.id + (w.seq % Math.max(1, o.agents / o.connections + 1)) * o.connections) % o.agents);
            String conv = "b-" + ctx.runId + "-" + w.id + "-" + (w.seq++);
            String ids = "{\"partnerId\":\"" + SoftphoneApi.PARTNER + "\",\"conversationId\":\"" + conv + "\",\"agentId\":\""
                    + agent + "\"";
            if (!SoftphoneApi.ok(w.post("incomingCall", api.path("softphone/incomingCall"),
                    SoftphoneApi.incomingCall(conv, agent)))) {
                return;
            }
            if (!SoftphoneApi.ok(w.post("callAccepted", api.path("softphone/callAccepted"),
                    ids + ",\"callerANI\":\"+15551230000\",\"ivrExitPath\":\"billing\",\"channelName\":\"voice\","
                            + "\"recordingStatus\":\"ON\"}"))) {
                return;
            }
            if (!SoftphoneApi.ok(w.post("callEnded", api.path("softphone/callEnded"),
                    ids + ",\"duration\":42,\"disposition\":\"Resolved\",\"notes\":\"bench call\",\"callType\":\"inbound\"}"))) {
                return;
            }
            w.post("callNotesSubmitted", api.path("softphone/callNotesSubmitted"),
                    ids + ",\"disposition\":\"Resolved\",\"notes\":\"bench call, wrapped up\"}");
        });
        Samples lat = res.latency();
        long ok = res.ok();
        long bad = res.failed();
        double rate = ok / (double) o.duration;
        figures.put("events_per_s" + tag, rate);
        figures.put("events_p99_ms" + tag, lat.percentilesMs(99)[0]);
        md.append("## b. Softphone call lifecycles").append(suffix).append("\n\n");
        md.append("Each loop: `incomingCall` → `callAccepted` → `callEnded` → `callNotesSubmitted` with a fresh conversationId, ")
                .append(o.agents).append(" agents, ").append(o.connections)
                .append(" keep-alive connections, closed loop, Bearer key. Every `callNotesSubmitted` "
                        + "stores its interaction log durably in the outbox (fsync, group commit) before it is answered; the "
                        + "outbox then delivers it to the tenant's adapter, which needs no CRM round trip (run.sh's `bench` "
                        + "tenant). Pops are published with no stream open.\n\n");
        md.append(String.format("- **%.0f events/s** accepted (%d ok, %d failed; statuses %s), i.e. %.0f call lifecycles/s%n",
                rate, ok, bad, res.statuses(), rate / 4));
        md.append("- response latency, all events: ").append(lat.summary()).append('\n');
        Map<String, Samples> byType = new LinkedHashMap<>();
        res.workers().forEach(w -> w.byType.forEach((t, s) -> byType.computeIfAbsent(t, k -> new Samples(8_000_000)).addAll(s)));
        byType.forEach((t, s) -> md.append("  - ").append(t).append(": ").append(s.summary()).append('\n'));
        md.append("- CPU during the window (cores): ").append(res.cpu()).append('\n');
        res.cpuPerRequest(ctx.report, "events_server_cpu_us" + tag, "event", ok);
        conversationsFinished += res.workers().stream().mapToLong(w -> w.seq).sum();
        if (o.serverPid > 0 && figures.containsKey("heap_at_start_mb")) {
            double used = (Double) Proc.heapAfterGc(o.serverPid)[0];
            double grown = used - figures.get("heap_at_start_mb");
            figures.put("heap_after_lifecycles_mb" + tag, used);
            md.append(String.format("- server heap after a full GC: %.1f MB, %.1f MB more than before any load, with %d "
                    + "conversations started so far by phase b: about %.0f bytes retained per conversation (finished "
                    + "interactions stay in the registry for finished.grace.seconds, and the %d agents' replay buffers "
                    + "keep up to 256 pops each)%n", used, grown, conversationsFinished,
                    grown * 1024 * 1024 / Math.max(1, conversationsFinished), o.agents));
        }
        Double base = figures.get("baseline_rps" + tag);
        if (base != null && base > 0) {
            figures.put("events_vs_baseline" + tag, rate / base);
            md.append(String.format("- ratio to the baseline of this round: **%.2f**%n%n", rate / base));
        }
    }
}
