package org.crmconnector.bench.loadgen;

import java.util.Map;

/** The verdict: issue 3's targets against the figures of the run (phases a and b: the last round). */
final class Targets {

    private Targets() {
    }

    static void append(Report report, Options o) {
        StringBuilder md = report.md;
        Map<String, Double> figures = report.figures;
        md.append("## Targets (issue 3, on a 2-core machine)\n\n| target | figure | met? |\n|---|---|---|\n");
        String tag = "";
        if (o.rounds > 1) {
            tag = ".r" + o.rounds;
        }
        if (o.client.equals("both")) {
            tag += ".raw";
        }
        Double ev = figures.get("events_per_s" + tag);
        Double base = figures.get("baseline_rps" + tag);
        if (ev != null && base != null) {
            row(md, "softphone events/s ≥ ½ bare servlet req/s (same run)",
                    String.format("%.0f vs %.0f (ratio %.2f)", ev, base, ev / base), ev >= base / 2);
        }
        if (ev != null) {
            row(md, "softphone events/s ≥ 5,000", String.format("%.0f", ev), ev >= 5000);
        }
        Double p99 = figures.get("pop_p99_ms");
        if (p99 != null) {
            row(md, "event-to-pop p99 < 5 ms (no CRM time)", String.format("%.3f ms", p99), p99 < 5);
        }
        Double conn = figures.get("streams_connected");
        Double heap = figures.get("streams_heap_used_mb");
        if (conn != null) {
            boolean delivered = figures.getOrDefault("streams_sample_delivered", 0.0)
                    .equals(figures.getOrDefault("streams_sample", -1.0));
            row(md, "10,000 concurrent agent streams under 512 MB heap",
                    String.format("%.0f connected, %.0f still open, sample %s, heap %.1f MB", conn,
                            figures.getOrDefault("streams_still_open", 0.0), delivered ? "all delivered" : "NOT all delivered",
                            heap == null ? -1 : heap),
                    conn >= 10_000 && figures.getOrDefault("streams_still_open", 0.0) >= 10_000 && delivered
                            && heap != null && heap >= 0 && heap < 512);
        }
        md.append('\n');
    }

    private static void row(StringBuilder md, String target, String figure, boolean met) {
        md.append("| ").append(target).append(" | ").append(figure).append(" | ").append(met ? "met" : "**MISSED**")
                .append(" |\n");
    }
}
