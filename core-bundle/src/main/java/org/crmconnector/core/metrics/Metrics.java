package org.crmconnector.core.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import org.osgi.service.component.annotations.Component;

/**
 * Counters and latency histograms of the connector, rendered in the
 * Prometheus text format. Cheap on the hot path: one map lookup and one
 * LongAdder increment per observation.
 */
@Component(service = Metrics.class)
public class Metrics {

    /** Upper bounds of the latency buckets, in seconds. */
    private static final double[] BUCKETS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private final Map<Key, LongAdder> counters = new ConcurrentHashMap<>();
    private final Map<Key, Histogram> histograms = new ConcurrentHashMap<>();
    private final Map<String, Supplier<Number>> gauges = new ConcurrentHashMap<>();

    private record Key(String name, String labels) {
    }

    private static final class Histogram {
        final LongAdder[] buckets = new LongAdder[BUCKETS.length];
        final LongAdder count = new LongAdder();
        final LongAdder sumNanos = new LongAdder();

        Histogram() {
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = new LongAdder();
            }
        }

        void observe(long nanos) {
            double seconds = nanos / 1e9;
            for (int i = 0; i < BUCKETS.length; i++) {
                if (seconds <= BUCKETS[i]) {
                    buckets[i].increment();
                    break;
                }
            }
            count.increment();
            sumNanos.add(nanos);
        }
    }

    /** Adds one to {@code name} with labels given as alternating name, value. */
    public void increment(String name, String... labels) {
        counters.computeIfAbsent(new Key(name, labels(labels)), k -> new LongAdder()).increment();
    }

    public void observeNanos(String name, long nanos, String... labels) {
        histograms.computeIfAbsent(new Key(name, labels(labels)), k -> new Histogram()).observe(nanos);
    }

    public void gauge(String name, Supplier<Number> value) {
        gauges.put(name, value);
    }

    public long count(String name, String... labels) {
        LongAdder a = counters.get(new Key(name, labels(labels)));
        return a == null ? 0 : a.sum();
    }

    public String render() {
        StringBuilder sb = new StringBuilder(4096);
        Map<String, Map<String, Long>> byName = new TreeMap<>();
        counters.forEach((k, v) -> byName.computeIfAbsent(k.name(), n -> new TreeMap<>()).put(k.labels(), v.sum()));
        byName.forEach((name, series) -> {
            sb.append("# TYPE ").append(name).append(" counter\n");
            series.forEach((labels, value) -> sb.append(name).append(braces(labels)).append(' ').append(value).append('\n'));
        });
        new TreeMap<>(gauges).forEach((name, supplier) -> sb.append("# TYPE ").append(name).append(" gauge\n")
                .append(name).append(' ').append(supplier.get()).append('\n'));
        Map<String, Map<String, Histogram>> hByName = new TreeMap<>();
        histograms.forEach((k, v) -> hByName.computeIfAbsent(k.name(), n -> new TreeMap<>()).put(k.labels(), v));
        hByName.forEach((name, series) -> {
            sb.append("# TYPE ").append(name).append(" histogram\n");
            series.forEach((labels, h) -> {
                long cumulative = 0;
                String sep = labels.isEmpty() ? "" : labels + ",";
                for (int i = 0; i < BUCKETS.length; i++) {
                    cumulative += h.buckets[i].sum();
                    sb.append(name).append("_bucket{").append(sep).append("le=\"").append(BUCKETS[i]).append("\"} ")
                            .append(cumulative).append('\n');
                }
                sb.append(name).append("_bucket{").append(sep).append("le=\"+Inf\"} ").append(h.count.sum()).append('\n');
                sb.append(name).append("_sum").append(braces(labels)).append(' ').append(h.sumNanos.sum() / 1e9).append('\n');
                sb.append(name).append("_count").append(braces(labels)).append(' ').append(h.count.sum()).append('\n');
            });
        });
        return sb.toString();
    }

    private static String braces(String labels) {
        return labels.isEmpty() ? "" : "{" + labels + "}";
    }

    private static String labels(String[] pairs) {
        if (pairs.length == 0) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(pairs[i]).append("=\"").append(escape(pairs[i + 1])).append('"');
        }
        return sb.toString();
    }

    private static String escape(String v) {
        return v == null ? "" : v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
