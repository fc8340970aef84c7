package org.crmconnector.bench.loadgen;

import java.util.List;

/**
 * The crm-connector load generator. Runs against a server that is already up
 * (bench/run.sh starts one) and measures, in one run:
 * <ol>
 * <li>a: the bare servlet baseline, {@code POST /bench/echo} at full speed ({@link BaselinePhase});</li>
 * <li>b: softphone call lifecycles (incomingCall, callAccepted, callEnded, callNotesSubmitted) at full speed
 * ({@link LifecyclePhase});</li>
 * <li>c: event-to-pop latency: send incomingCall, time until its screenPop arrives on the agent's stream
 * ({@link PopLatencyPhase});</li>
 * <li>d: stream capacity: thousands of concurrent agent streams, a published pop reaching a sample, server heap
 * ({@link CapacityPhase});</li>
 * <li>e: replay-buffer retention: heap kept per published event ({@link RetentionPhase}).</li>
 * </ol>
 * Every loop is bounded by a count or a deadline, and the whole run by {@code --max-seconds}.
 */
public final class LoadGen {

    private final Options options;
    private final Report report;

    private LoadGen(Options options, Report report) {
        this.options = options;
        this.report = report;
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Report report = new Report();
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(options.maxSeconds * 1000L);
                System.err.println("loadgen: --max-seconds " + options.maxSeconds + " reached; stopping");
                report.write(options.out);
                Runtime.getRuntime().halt(3);
            } catch (InterruptedException e) {
                // finished in time
            }
        }, "watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        int rc = new LoadGen(options, report).run();
        watchdog.interrupt();
        System.exit(rc);
    }

    private int run() throws Exception {
        StringBuilder md = report.md;
        md.append("## Load generator settings\n\n");
        md.append(options.describe());
        List<String> order = List.of(options.phases.split(","));
        long serverPid = options.serverPid;
        if (serverPid > 0) {
            Object[] h = Proc.heapAfterGc(serverPid);
            report.figures.put("heap_at_start_mb", (Double) h[0]);
            md.append(String.format("Server heap used after a full GC before any load: %.1f MB; threads %s; RSS %s.%n%n",
                    (Double) h[0], Proc.status(serverPid, "Threads"), Proc.status(serverPid, "VmRSS")));
        }
        RunContext ctx = new RunContext(options, report);
        BaselinePhase baseline = new BaselinePhase(ctx);
        LifecyclePhase lifecycle = new LifecyclePhase(ctx);
        List<String> clients = options.client.equals("both") ? List.of("raw", "jdk") : List.of(options.client);
        int rounds = options.rounds;
        for (int r = 1; r <= rounds; r++) {
            for (String c : clients) {
                String suffix = (rounds > 1 ? " round " + r : "") + (clients.size() > 1 ? " (" + c + " client)" : "");
                String tag = (rounds > 1 ? ".r" + r : "") + (clients.size() > 1 ? "." + c : "");
                if (order.contains("a")) {
                    baseline.run(c, suffix, tag);
                }
                if (order.contains("b")) {
                    lifecycle.run(c, suffix, tag);
                }
            }
        }
        if (order.contains("c")) {
            new PopLatencyPhase(ctx).run();
        }
        if (order.contains("f")) {
            new LiveInteractionsPhase(ctx).run();
        }
        // e before d: d's streams linger in the server until their next keep-alive write finds them closed,
        // which would blur e's before/after heap comparison
        if (order.contains("e")) {
            new RetentionPhase(ctx).run();
        }
        if (order.contains("d")) {
            new CapacityPhase(ctx).run();
        }
        Targets.append(report, options);
        report.appendFirstErrors();
        report.write(options.out);
        return 0;
    }
}
