package org.crmconnector.core.console;

import static org.crmconnector.core.console.HtmlText.html;

import java.io.PrintWriter;

import org.crmconnector.core.outbox.Outbox;
import org.crmconnector.core.outbox.TenantStats;
import org.crmconnector.core.outbox.UnloggedState;
import org.crmconnector.core.tenant.Tenant;
import org.crmconnector.store.OutboxItem;

/**
 * Unlogged interactions: per tenant, the interactions whose log is not in the
 * CRM (waiting, retrying, dead, refused by the CRM) with the CRM's error, a
 * retry for those that are dead letters; with {@code ?tenant=} one tenant's.
 * The tenants table has the counts.
 */
final class UnloggedSection implements PageSection {

    private final Outbox outbox;

    UnloggedSection(Outbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public void render(PrintWriter out, ConsolePage page) {
        out.println("<h2 id='unlogged'>Unlogged interactions</h2>");
        out.println("<table class='crm-table' id='crm-unlogged'><thead><tr><th>Tenant</th><th>Interaction</th>"
                + "<th>Agent</th><th>State</th><th>Finished as</th><th>Attempts</th><th>Since</th><th>CRM's error</th>"
                + "<th></th></tr></thead><tbody>");
        // the page's tenant filter (as for live interactions) makes this the tenant's own view
        String only = page.request().param("tenant");
        int shown = 0;
        for (Tenant t : page.tenants()) {
            if (shown >= MAX_ROWS) {
                break;
            }
            if (!only.isEmpty() && !only.equals(t.id()) || !hasBacklog(page.stats().get(t.id()))) {
                continue;
            }
            for (Outbox.Unlogged u : outbox.unlogged(t.id(), MAX_ROWS - shown)) {
                shown++;
                row(out, page, u);
            }
        }
        if (shown == 0) {
            out.println("<tr><td colspan='9'>Every log" + (only.isEmpty() ? "" : " of tenant " + html(only))
                    + " is in its CRM.</td></tr>");
        }
        out.println("</tbody></table>");
    }

    /** A tenant with nothing waiting or dead has nothing to list: no store read for it. */
    private static boolean hasBacklog(TenantStats stats) {
        return stats != null && stats.pending() + stats.dead() > 0;
    }

    private static void row(PrintWriter out, ConsolePage page, Outbox.Unlogged u) {
        OutboxItem item = u.item();
        UnloggedState state = UnloggedState.of(item);
        out.print("<tr data-tenant='" + html(item.tenantId) + "' data-key='" + html(item.orderingKey) + "'><td>"
                + html(item.tenantId) + "</td><td>" + html(item.orderingKey) + "</td><td>"
                + html(u.interaction() == null ? "" : u.interaction().agentId) + "</td><td class='"
                + (item.status == OutboxItem.Status.DEAD ? "crm-bad" : "") + "'>" + state.label + "</td><td>"
                + html(u.interaction() == null ? "" : u.interaction().finishReason) + "</td><td>" + item.attempts
                + "</td><td>" + html(item.createdAt) + "</td><td class='crm-err'>" + html(item.lastError) + "</td><td>");
        if (item.status == OutboxItem.Status.DEAD) {
            out.print(ConfirmedAction.form(page, "retry", item.tenantId, item.id, "Retry",
                    "Send the log of " + item.orderingKey + " (tenant " + item.tenantId + ") again?"));
        }
        out.println("</td></tr>");
    }
}
