package org.crmconnector.core.console;

import static org.crmconnector.core.console.HtmlText.html;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.crmconnector.core.metrics.AdapterFigures;
import org.crmconnector.core.metrics.Metrics;
import org.crmconnector.core.outbox.TenantStats;
import org.crmconnector.core.routing.AdapterRouter;

/** Adapters: each adapter bundle, and per instance its traffic, latency, circuit and the CRM's own status. */
final class AdaptersSection implements PageSection {

    private final AdapterBundles bundles;
    private final AdapterRouter router;
    private final Metrics metrics;

    AdaptersSection(AdapterBundles bundles, AdapterRouter router, Metrics metrics) {
        this.bundles = bundles;
        this.router = router;
        this.metrics = metrics;
    }

    @Override
    public void render(PrintWriter out, ConsolePage page) {
        Map<String, String> breakers = breakers(page.stats());
        out.println("<h2 id='adapters'>Adapters</h2>");
        out.println("<p class='crm-summary' id='crm-adapter-counts'>" + router.all().size() + " adapter instances bound</p>");
        FilteredTable table = new FilteredTable("a", "adapters", page.request());
        table.form(out, Map.of());
        out.println("<table class='crm-table' id='crm-adapters'><thead><tr><th>Bundle</th><th>Version</th><th>State</th>"
                + "<th>Build tag</th><th>Instance</th><th>Type</th><th>Requests</th><th>Failures</th><th>p50</th>"
                + "<th>p99</th><th>Circuit</th><th>CRM status</th></tr></thead><tbody>");
        List<AdapterBundles.AdapterBundle> list = bundles.list();
        if (list.isEmpty()) {
            out.println("<tr><td colspan='12'>No adapter bundles installed. Upload one under Hot deploy.</td></tr>");
        }
        List<AdapterRouter.Bound> all = router.all();
        List<FilteredTable.Row> rows = new ArrayList<>();
        for (AdapterBundles.AdapterBundle b : list) {
            List<AdapterRouter.Bound> served = all.stream().filter(x -> x.bundleId() == b.id())
                    .sorted(Comparator.comparing(AdapterRouter.Bound::instance)).toList();
            String head = "<td>" + html(b.symbolicName()) + " <span class='crm-muted'>#" + b.id() + "</span></td><td>"
                    + html(b.version()) + "</td><td>" + html(b.state()) + "</td><td class='crm-tag'>" + html(b.buildTag())
                    + "</td>";
            if (served.isEmpty()) {
                rows.add(new FilteredTable.Row(b.symbolicName(), "", "<tr data-bundle='" + html(b.symbolicName()) + "'>"
                        + head + "<td colspan='8' class='crm-muted'>no instance configured</td></tr>"));
            }
            for (AdapterRouter.Bound x : served) {
                AdapterFigures s = metrics.adapter(x.instance());
                rows.add(new FilteredTable.Row(x.instance() + " " + b.symbolicName() + " " + x.crmType(), "",
                        "<tr data-bundle='" + html(b.symbolicName()) + "' data-instance='" + html(x.instance()) + "'>"
                        + head + "<td>" + html(x.instance()) + "</td><td>" + html(x.crmType()) + "</td><td>" + s.requests()
                        + "</td><td>" + s.failures() + "</td><td>" + millis(s.p50Millis()) + "</td><td>"
                        + millis(s.p99Millis()) + "</td><td>" + html(breakers.getOrDefault(x.instance(), "CLOSED"))
                        + "</td><td class='crm-status'>" + html(status(x)) + "</td></tr>"));
            }
        }
        table.page(rows).forEach(r -> out.println(r.html()));
        out.println("</tbody></table>");
        table.navigation(out, rows);
    }

    /** Circuit state per adapter instance; tenants share an instance, and any open circuit among them shows. */
    private static Map<String, String> breakers(Map<String, TenantStats> stats) {
        Map<String, String> breakers = new LinkedHashMap<>();
        stats.values().forEach(s -> {
            if (!s.adapterInstance().isEmpty()) {
                breakers.merge(s.adapterInstance(), s.breakerState(), (a, b) -> "CLOSED".equals(a) ? b : a);
            }
        });
        return breakers;
    }

    /** The adapter's own report (for Salesforce: the last Sforce-Limit-Info against the org's allocation). */
    private static String status(AdapterRouter.Bound bound) {
        try {
            Map<String, Object> status = bound.connector().status();
            StringBuilder sb = new StringBuilder();
            status.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "; ").append(k).append(": ").append(v));
            return sb.toString();
        } catch (RuntimeException | LinkageError e) {
            // an adapter mid-swap, or one built against an older API without status()
            return "(no status: " + e.getClass().getSimpleName() + ")";
        }
    }

    private static String millis(double ms) {
        return ms < 0 ? "–" : ms < 10 ? String.format(Locale.ROOT, "%.2f ms", ms) : String.format(Locale.ROOT, "%.0f ms", ms);
    }
}
