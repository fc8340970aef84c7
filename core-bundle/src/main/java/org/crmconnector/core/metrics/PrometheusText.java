package org.crmconnector.core.metrics;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiConsumer;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;

/**
 * The registry's Prometheus-named series in the text exposition format:
 * counters, then gauges, then histograms, each family once with its
 * {@code # TYPE} line and its series sorted by labels.
 */
final class PrometheusText {

    private PrometheusText() {
    }

    static String render(MetricRegistry registry) {
        StringBuilder sb = new StringBuilder(4096);
        Map<String, Metric> all = registry.getMetrics();
        family(all, Counter.class, "counter", sb, (series, c) -> sb.append(series).append(' ').append(c.getCount()).append('\n'));
        family(all, Gauge.class, "gauge", sb, (series, g) -> sb.append(series).append(' ').append(g.getValue()).append('\n'));
        family(all, LatencyHistogram.class, "histogram", sb, (series, h) -> histogram(sb, series, h));
        return sb.toString();
    }

    private static <M extends Metric> void family(Map<String, Metric> all, Class<M> type, String typeName,
            StringBuilder sb, BiConsumer<String, M> line) {
        SortedMap<String, SortedMap<String, M>> byFamily = new TreeMap<>();
        all.forEach((name, metric) -> {
            if (type.isInstance(metric) && SeriesName.isPrometheus(name)) {
                byFamily.computeIfAbsent(SeriesName.family(name), f -> new TreeMap<>())
                        .put(SeriesName.labels(name), type.cast(metric));
            }
        });
        byFamily.forEach((family, series) -> {
            sb.append("# TYPE ").append(family).append(' ').append(typeName).append('\n');
            series.forEach((labels, metric) -> line.accept(labels.isEmpty() ? family : family + '{' + labels + '}', metric));
        });
    }

    private static void histogram(StringBuilder sb, String series, LatencyHistogram h) {
        String family = SeriesName.family(series);
        String labels = SeriesName.labels(series);
        String sep = labels.isEmpty() ? "" : labels + ",";
        String braces = labels.isEmpty() ? "" : "{" + labels + "}";
        long cumulative = 0;
        for (int i = 0; i < LatencyHistogram.BOUNDS.length; i++) {
            cumulative += h.bucket(i);
            sb.append(family).append("_bucket{").append(sep).append("le=\"").append(LatencyHistogram.BOUNDS[i])
                    .append("\"} ").append(cumulative).append('\n');
        }
        long count = h.getCount();
        sb.append(family).append("_bucket{").append(sep).append("le=\"+Inf\"} ").append(count).append('\n');
        sb.append(family).append("_sum").append(braces).append(' ').append(h.sumSeconds()).append('\n');
        sb.append(family).append("_count").append(braces).append(' ').append(count).append('\n');
    }
}
