package org.crmconnector.core.console;

import static org.crmconnector.core.console.HtmlText.html;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.crmconnector.core.lifecycle.InteractionRegistry;
import org.crmconnector.core.metrics.Activity;
import org.crmconnector.core.metrics.Metrics;
import org.crmconnector.core.outbox.Outbox;
import org.crmconnector.core.routing.AdapterRouter;
import org.crmconnector.core.tenant.Tenant;

/** Tenants: is the adapter instance bound, what happened in the last hour, where each is configured. */
final class TenantsSection implements PageSection {

    private final AdapterRouter router;
    private final InteractionRegistry interactions;
    private final Metrics metrics;
    private final ConfigLinks links;
    private final Outbox outbox;

    static final String LIVE = "live";
    static final String NO_ADAPTER = "no-adapter";
    static final String NOT_ACTIVE = "not-active";
    /** The filter's states, in the order the form lists them. */
    private static final Map<String, String> STATES = new LinkedHashMap<>(Map.of(LIVE, "live"));

    static {
        STATES.put(NOT_ACTIVE, "refused or not active");
        STATES.put(NO_ADAPTER, "without their adapter");
    }

    TenantsSection(AdapterRouter router, InteractionRegistry interactions, Metrics metrics, ConfigLinks links,
            Outbox outbox) {
        this.outbox = outbox;
        this.router = router;
        this.interactions = interactions;
        this.metrics = metrics;
        this.links = links;
    }

    @Override
    public void render(PrintWriter out, ConsolePage page) {
        String configMgr = html(page.request().consoleRoot()) + "/configMgr";
        List<FilteredTable.Row> rows = new ArrayList<>();
        for (Tenant t : page.tenants()) {
            rows.add(row(t, configMgr, page.request().pluginRoot()));
        }
        rows.addAll(notActive(page, configMgr));
        Map<String, Long> counts = rows.stream().collect(Collectors.groupingBy(FilteredTable.Row::state, Collectors.counting()));
        out.println("<h2 id='tenants'>Tenants</h2>");
        out.println("<p class='crm-summary' id='crm-tenant-counts'>" + rows.size() + " tenants: <span data-state='live'>"
                + counts.getOrDefault(LIVE, 0L) + " live</span>, <span data-state='not-active'>"
                + counts.getOrDefault(NOT_ACTIVE, 0L) + " refused or not active</span>, <span data-state='no-adapter'>"
                + counts.getOrDefault(NO_ADAPTER, 0L) + " without their adapter</span></p>");
        FilteredTable table = new FilteredTable("t", "tenants", page.request());
        table.form(out, STATES);
        out.println("<table class='crm-table' id='crm-tenants'><thead><tr><th>Tenant</th><th>Name</th><th>Adapter instance</th>"
                + "<th>Type</th><th>Bound</th><th>Live</th><th>Pops (1 h)</th><th>Logs (1 h)</th><th>Not in CRM</th><th>Last error</th>"
                + "<th>Configuration</th></tr></thead><tbody>");
        if (rows.isEmpty()) {
            out.println("<tr><td colspan='11'>No tenants. Create one in the <a href='" + configMgr
                    + "'>Configuration</a> tab (factory 'CRM connector: tenant'), or with the operator API.</td></tr>");
        }
        table.page(rows).forEach(r -> out.println(r.html()));
        out.println("</tbody></table>");
        table.navigation(out, rows);
    }

    private FilteredTable.Row row(Tenant t, String configMgr, String pluginRoot) {
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        Optional<AdapterRouter.Bound> bound = router.current(t.adapterInstance());
        long pops = metrics.lastHour(t.id(), Activity.POP);
        long popFailures = metrics.lastHour(t.id(), Activity.POP_FAILURE);
        String lastError = metrics.lastError(t.id()).map(e -> e.at() + " " + e.source() + ": " + e.message()).orElse("");
        out.print("<tr data-tenant='" + html(t.id()) + "'><td>" + html(t.id()) + "</td><td>" + html(t.displayName())
                + "</td><td>" + html(t.adapterInstance()) + "</td><td>"
                + html(bound.map(AdapterRouter.Bound::crmType).orElse("")) + "</td>");
        out.print(bound.isPresent() ? "<td class='crm-ok'>bound (service " + bound.get().serviceId() + ")</td>"
                : "<td class='crm-bad'>MISSING</td>");
        out.print("<td>" + interactions.liveCount(t.id()) + "</td><td>" + pops
                + (popFailures > 0 ? " <span class='crm-bad'>(" + popFailures + " failed)</span>" : "") + "</td><td>"
                + metrics.lastHour(t.id(), Activity.LOG) + "</td>" + notInCrm(t, pluginRoot) + "<td class='crm-err'>" + html(lastError)
                + "</td><td>");
        links.tenantPid(t.id()).ifPresent(pid -> out.print("<a href='" + configMgr + "/" + html(pid) + "'>tenant</a> "));
        Optional<String> adapterPid = links.adapterPid(t.adapterInstance());
        if (adapterPid.isPresent()) {
            out.print("<a href='" + configMgr + "/" + html(adapterPid.get()) + "'>adapter</a>");
        } else {
            out.print("<span class='crm-muted'>no adapter configuration named '" + html(t.adapterInstance()) + "'</span>");
        }
        out.print("</td></tr>");
        out.flush();
        return new FilteredTable.Row(t.id() + " " + t.displayName() + " " + t.adapterInstance(),
                bound.isPresent() ? LIVE : NO_ADAPTER, text.toString());
    }

    /** Logs not in the CRM (see the Unlogged section), and interactions kept out of it by excluded numbers. */
    private String notInCrm(Tenant t, String pluginRoot) {
        int unlogged = outbox.unloggedCount(t.id());
        long excluded = metrics.excluded(t.id());
        String href = pluginRoot + "?tenant=" + ConsoleRequest.query(t.id()) + "#unlogged";
        return "<td class='crm-unlogged" + (unlogged > 0 ? " crm-bad" : "") + "'><a href='" + html(href) + "'>" + unlogged
                + " unlogged</a>" + (excluded > 0 ? " · " + excluded + " excluded" : "") + "</td>";
    }

    /** A configuration DS refused (bad tenant id, bad hash, duplicate id) makes no tenant: say so here. */
    private List<FilteredTable.Row> notActive(ConsolePage page, String configMgr) {
        Set<String> live = new HashSet<>();
        page.tenants().forEach(t -> live.add(t.id()));
        List<FilteredTable.Row> rows = new ArrayList<>();
        links.tenantConfigurations().forEach((pid, id) -> {
            if (!live.contains(id)) {
                rows.add(new FilteredTable.Row(id + " " + pid, NOT_ACTIVE, "<tr data-tenant='" + html(id) + "' class='crm-inactive'><td>" + html(id.isEmpty() ? "(no id)" : id)
                        + "</td><td colspan='9' class='crm-bad'>NOT ACTIVE: the configuration was refused or its "
                        + "adapter reference is unsatisfied; see the server log for the reason</td><td><a href='"
                        + configMgr + "/" + html(pid) + "'>tenant</a></td></tr>"));
            }
        });
        return rows;
    }
}
