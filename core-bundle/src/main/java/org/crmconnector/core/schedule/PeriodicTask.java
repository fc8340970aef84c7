package org.crmconnector.core.schedule;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work a component repeats every so often, on a daemon thread of its own. A
 * round that throws is logged and the next one runs all the same: a bare
 * {@code scheduleWithFixedDelay} cancels its task for good at the first
 * exception, so a store away for a moment would end the sweep until the
 * next restart.
 */
public final class PeriodicTask implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PeriodicTask.class);

    private final ScheduledExecutorService timer;

    private PeriodicTask(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /**
     * Runs {@code round} every {@code every}, the first time after one period.
     *
     * @param thread the thread's name, as thread dumps show it
     * @param what what the rounds do, for the log line of a failed one
     */
    public static PeriodicTask start(String thread, Duration every, String what, Runnable round) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, thread);
            t.setDaemon(true);
            return t;
        });
        long millis = every.toMillis();
        timer.scheduleWithFixedDelay(() -> {
            try {
                round.run();
            } catch (RuntimeException e) {
                LOG.warn("{}: a round failed; the next one runs in {} ms: {}", what, millis, e.toString());
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
        return new PeriodicTask(timer);
    }

    /** Stops the rounds; one running now is interrupted. */
    @Override
    public void close() {
        timer.shutdownNow();
    }
}
