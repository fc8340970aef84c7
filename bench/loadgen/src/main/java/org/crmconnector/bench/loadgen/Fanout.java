package org.crmconnector.bench.loadgen;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sends {@code total} requests (or request pairs) on {@code --connections}
 * threads, each on its own raw connection, taking the next number from one
 * counter, until all are sent or the deadline passes.
 */
final class Fanout {

    /** Request {@code k} on the worker's connection; answers its HTTP status. */
    interface Step {
        int send(Worker worker, long k);
    }

    private Fanout() {
    }

    /** Returns how many requests were answered 2xx. */
    static long run(RunContext ctx, String name, long total, long deadlineNanos, Step step) throws InterruptedException {
        AtomicLong next = new AtomicLong();
        LongAdder accepted = new LongAdder();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < ctx.options.connections; t++) {
            int me = t;
            Thread th = new Thread(() -> {
                try (HttpPoster http = ctx.posters.open("raw")) {
                    Worker w = new Worker(me, http, ctx.report);
                    for (long k; (k = next.getAndIncrement()) < total && System.nanoTime() < deadlineNanos;) {
                        if (SoftphoneApi.ok(step.send(w, k))) {
                            accepted.increment();
                        }
                    }
                }
            }, name + "-" + t);
            th.setDaemon(true);
            threads.add(th);
        }
        threads.forEach(Thread::start);
        for (Thread th : threads) {
            th.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()) + 5000));
        }
        return accepted.sum();
    }
}
