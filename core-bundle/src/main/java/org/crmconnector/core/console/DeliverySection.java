package org.crmconnector.core.console;

import static org.crmconnector.core.console.HtmlText.html;

import java.io.PrintWriter;
import java.time.Duration;

import org.crmconnector.core.outbox.Outbox;
import org.crmconnector.core.outbox.TenantStats;
import org.crmconnector.store.OutboxItem;

/** Delivery: the outbox per tenant, and the dead letters with the CRM's error, to retry or discard. */
final class DeliverySection implements PageSection {

    private final Outbox outbox;

    DeliverySection(Outbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public void render(PrintWriter out, ConsolePage page) {
        out.println("<h2 id='delivery'>Delivery</h2>");
        out.println("<table class='crm-table' id='crm-delivery'><thead><tr><th>Tenant</th><th>Pending</th><th>In flight</th>"
                + "<th>Oldest pending</th><th>Delivered</th><th>Failed attempts</th><th>Dead</th><th>Circuit</th><th></th>"
                + "</tr></thead><tbody>");
        if (page.stats().isEmpty()) {
            out.println("<tr><td colspan='9'>Nothing delivered or waiting since start.</td></tr>");
        }
        for (TenantStats s : page.stats().values()) {
            out.print("<tr data-tenant='" + html(s.tenantId()) + "'><td>" + html(s.tenantId()) + "</td><td>" + s.pending()
                    + "</td><td>" + s.inFlight() + "</td><td>" + age(s.oldestPendingAge()) + "</td><td>" + s.delivered()
                    + "</td><td>" + s.failed() + "</td><td class='" + (s.dead() > 0 ? "crm-bad" : "") + "'>" + s.dead()
                    + "</td><td>" + html(s.breakerState()) + "</td><td>");
            if (s.dead() > 0) {
                out.print(ConfirmedAction.form(page, "retryAll", s.tenantId(), null, "Retry all",
                        "Retry all " + s.dead() + " dead letters of tenant " + s.tenantId() + "?"));
            }
            out.println("</td></tr>");
        }
        out.println("</tbody></table>");
        deadLetters(out, page);
    }

    private void deadLetters(PrintWriter out, ConsolePage page) {
        out.println("<h3>Dead letters</h3><table class='crm-table' id='crm-deadletters'><thead><tr><th>Tenant</th>"
                + "<th>Id</th><th>Kind</th><th>Interaction key</th><th>Attempts</th><th>Created</th>"
                + "<th>CRM's error</th><th></th></tr></thead><tbody>");
        int shown = 0;
        for (TenantStats s : page.stats().values()) {
            if (s.dead() == 0) {
                continue;
            }
            for (OutboxItem item : outbox.deadLetters(s.tenantId())) {
                if (shown++ >= MAX_ROWS) {
                    break;
                }
                out.println("<tr data-tenant='" + html(item.tenantId) + "' data-id='" + item.id + "'><td>"
                        + html(item.tenantId) + "</td><td>" + item.id + "</td><td>" + html(item.kind) + "</td><td>"
                        + html(item.orderingKey) + "</td><td>" + item.attempts + "</td><td>" + html(item.createdAt)
                        + "</td><td class='crm-err'>" + html(item.lastError) + "</td><td>"
                        + ConfirmedAction.form(page, "retry", item.tenantId, item.id, "Retry",
                                "Send dead letter " + item.id + " of tenant " + item.tenantId + " again?")
                        + ConfirmedAction.form(page, "discard", item.tenantId, item.id, "Discard",
                                "Delete dead letter " + item.id + " of tenant " + item.tenantId + " for good?")
                        + "</td></tr>");
            }
        }
        if (shown == 0) {
            out.println("<tr><td colspan='8'>No dead letters.</td></tr>");
        }
        out.println("</tbody></table>");
    }

    static String age(Duration d) {
        long s = d.getSeconds();
        return s == 0 ? "–" : s < 120 ? s + " s" : s < 7200 ? s / 60 + " min" : s / 3600 + " h";
    }
}
