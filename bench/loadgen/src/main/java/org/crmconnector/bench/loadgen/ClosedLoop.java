package org.crmconnector.bench.loadgen;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Phases a and b: {@code --connections} threads, each sending its next request
 * when the previous answer is in, for {@code --warmup} + {@code --duration}
 * seconds; the server's CPU is sampled at the ends of the measured window.
 */
final class ClosedLoop {

    /** One iteration of a worker's loop. */
    interface Unit {
        void run(Worker w);
    }

    /** The workers' tallies and the CPU figures of the measured window. */
    record Result(List<Worker> workers, String cpu, double serverCpuSeconds) {

        long ok() {
            return workers.stream().mapToLong(w -> w.ok).sum();
        }

        long failed() {
            return workers.stream().mapToLong(w -> w.failed).sum();
        }

        Samples latency() {
            Samples all = new Samples(8_000_000);
            workers.forEach(w -> all.addAll(w.latency));
            return all;
        }

        String statuses() {
            Map<Integer, Integer> all = new TreeMap<>();
            workers.forEach(w -> w.statuses.forEach((k, v) -> all.merge(k, v, Integer::sum)));
            return all.toString();
        }

        /** Server CPU per request: less sensitive to other load on the machine than a rate. */
        void cpuPerRequest(Report report, String figure, String what, long ok) {
            if (ok > 0 && !Double.isNaN(serverCpuSeconds)) {
                double us = serverCpuSeconds * 1e6 / ok;
                report.figures.put(figure, us);
                report.md.append(String.format("- server CPU per %s: **%.0f µs** (so one fully available core would do ~%.0f/s)%n%n",
                        what, us, 1e6 / us));
            } else {
                report.md.append('\n');
            }
        }
    }

    private final Options options;
    private final Posters posters;
    private final Report report;

    ClosedLoop(Options options, Posters posters, Report report) {
        this.options = options;
        this.posters = posters;
        this.report = report;
    }

    /** Runs {@code unit} with CPU accounting over the measured window. */
    Result run(String name, String kind, Unit unit) throws InterruptedException {
        long windowStart = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.warmup);
        Proc.Snapshot[] cpu = new Proc.Snapshot[2];
        Thread sampler = new Thread(() -> {
            try {
                sleepUntil(windowStart);
                cpu[0] = Proc.Snapshot.take(options.serverPid);
                sleepUntil(windowStart + TimeUnit.SECONDS.toNanos(options.duration));
                cpu[1] = Proc.Snapshot.take(options.serverPid);
            } catch (InterruptedException e) {
                // run cut short
            }
        }, "cpu-sampler");
        sampler.setDaemon(true);
        sampler.start();
        List<Worker> ws = loop(name, kind, options.connections, options.warmup, unit);
        sampler.join(5000);
        String cores = cpu[0] != null && cpu[1] != null ? cpu[1].coresSince(cpu[0]) : "?";
        double serverCpu = cpu[0] != null && cpu[1] != null && cpu[0].server() >= 0 ? cpu[1].server() - cpu[0].server()
                : Double.NaN;
        return new Result(ws, cores, serverCpu);
    }

    /** Runs {@code unit} on {@code n} threads for warmup + duration seconds; returns the workers. */
    private List<Worker> loop(String name, String kind, int n, int warmupSeconds, Unit unit) throws InterruptedException {
        List<Worker> workers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        long windowStart = start + TimeUnit.SECONDS.toNanos(warmupSeconds);
        long windowEnd = windowStart + TimeUnit.SECONDS.toNanos(options.duration);
        for (int i = 0; i < n; i++) {
            Worker w = new Worker(i, posters.open(kind), report);
            w.windowStart = windowStart;
            w.windowEnd = windowEnd;
            workers.add(w);
            Thread t = new Thread(() -> {
                try {
                    while (System.nanoTime() < windowEnd) {
                        unit.run(w);
                    }
                } finally {
                    w.http.close();
                }
            }, name + "-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
        System.err.printf("loadgen: %s: %d connections, %d s warmup + %d s measured%n", name, n, warmupSeconds,
                options.duration);
        threads.forEach(Thread::start);
        long joinBy = windowEnd + TimeUnit.MILLISECONDS.toNanos(options.timeoutMs * 5L);
        for (Thread t : threads) {
            long left = TimeUnit.NANOSECONDS.toMillis(joinBy - System.nanoTime());
            t.join(Math.max(1, left));
        }
        return workers;
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long ms = TimeUnit.NANOSECONDS.toMillis(nanos - System.nanoTime());
        if (ms > 0) {
            Thread.sleep(ms);
        }
    }
}
