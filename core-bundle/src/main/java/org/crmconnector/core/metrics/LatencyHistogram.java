package org.crmconnector.core.metrics;

import java.util.concurrent.atomic.LongAdder;

import com.codahale.metrics.Counting;
import com.codahale.metrics.Metric;

/**
 * A Prometheus histogram: fixed buckets whose counts only grow, so a scraper
 * can compute rates and quantiles over any window. Dropwizard's own
 * histograms sample into a reservoir, which Prometheus cannot aggregate.
 */
final class LatencyHistogram implements Metric, Counting {

    /** Upper bounds of the buckets, in seconds. */
    static final double[] BOUNDS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private final LongAdder[] buckets = new LongAdder[BOUNDS.length];
    private final LongAdder count = new LongAdder();
    private final LongAdder sumNanos = new LongAdder();

    LatencyHistogram() {
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    void observe(long nanos) {
        double seconds = nanos / 1e9;
        for (int i = 0; i < BOUNDS.length; i++) {
            if (seconds <= BOUNDS[i]) {
                buckets[i].increment();
                break;
            }
        }
        count.increment();
        sumNanos.add(nanos);
    }

    /** Observations in bucket {@code i} alone, not cumulative. */
    long bucket(int i) {
        return buckets[i].sum();
    }

    @Override
    public long getCount() {
        return count.sum();
    }

    double sumSeconds() {
        return sumNanos.sum() / 1e9;
    }
}
