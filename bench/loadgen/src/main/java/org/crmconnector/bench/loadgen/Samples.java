package org.crmconnector.bench.loadgen;

import java.util.Arrays;

/** Latencies in nanoseconds, kept whole (bounded) and sorted for exact percentiles. */
final class Samples {

    private long[] values = new long[1024];
    private int size;
    private final int cap;

    Samples(int cap) {
        this.cap = cap;
    }

    void add(long nanos) {
        if (size == values.length) {
            if (size >= cap) {
                return;
            }
            values = Arrays.copyOf(values, Math.min(cap, size * 2));
        }
        values[size++] = nanos;
    }

    void addAll(Samples other) {
        for (int i = 0; i < other.size; i++) {
            add(other.values[i]);
        }
    }

    int size() {
        return size;
    }

    /** Percentiles (0..100) in milliseconds; NaN when empty. */
    double[] percentilesMs(double... ps) {
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        double[] out = new double[ps.length];
        for (int i = 0; i < ps.length; i++) {
            if (size == 0) {
                out[i] = Double.NaN;
                continue;
            }
            int idx = (int) Math.ceil(ps[i] / 100.0 * size) - 1;
            out[i] = sorted[Math.max(0, Math.min(size - 1, idx))] / 1e6;
        }
        return out;
    }

    String summary() {
        double[] p = percentilesMs(50, 95, 99, 99.9, 100);
        return String.format("n=%d p50=%.3f ms p95=%.3f ms p99=%.3f ms p99.9=%.3f ms max=%.3f ms", size, p[0], p[1], p[2],
                p[3], p[4]);
    }
}
