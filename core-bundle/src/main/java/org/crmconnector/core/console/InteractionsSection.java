package org.crmconnector.core.console;

import static org.crmconnector.core.console.ConsoleRequest.query;
import static org.crmconnector.core.console.HtmlText.html;
import static org.crmconnector.core.console.PersonalData.mask;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

import org.crmconnector.core.lifecycle.InteractionRegistry;
import org.crmconnector.core.tenant.Tenant;
import org.crmconnector.interaction.Interaction;

/** Live interactions, filtered by tenant, agent, channel and state; one of them opened in detail on request. */
final class InteractionsSection implements PageSection {

    private final InteractionRegistry interactions;
    private final InteractionDetail detail;

    InteractionsSection(InteractionRegistry interactions) {
        this.interactions = interactions;
        this.detail = new InteractionDetail(interactions);
    }

    @Override
    public void render(PrintWriter out, ConsolePage page) {
        ConsoleRequest req = page.request();
        String tenant = req.param("tenant");
        String agent = req.param("agent");
        String channel = req.param("channel");
        String state = req.param("state");
        String root = req.pluginRoot();
        out.println("<h2 id='interactions'>Live interactions</h2>");
        filterForm(out, page.tenants(), root, tenant, agent, channel, state);
        List<Interaction> shown = new ArrayList<>();
        for (Tenant t : page.tenants()) {
            if (!tenant.isEmpty() && !tenant.equals(t.id())) {
                continue;
            }
            for (Interaction i : interactions.list(t.id())) {
                if (matches(agent, i.agentId) && matches(channel, String.valueOf(i.channel))
                        && matches(state, String.valueOf(i.state)) && shown.size() < MAX_ROWS) {
                    shown.add(i);
                }
            }
        }
        String open = req.param("open");
        if (!open.isEmpty() && !tenant.isEmpty()) {
            detail.render(out, req, tenant, open, "1".equals(req.servletRequest().getParameter("reveal")));
        }
        out.println("<table class='crm-table' id='crm-interactions'><thead><tr><th>Tenant</th><th>Interaction</th>"
                + "<th>State</th><th>Channel</th><th>Direction</th><th>Agent</th><th>ANI</th><th>Started</th></tr>"
                + "</thead><tbody>");
        if (shown.isEmpty()) {
            out.println("<tr><td colspan='8'>No live interactions" + (tenant.isEmpty() && agent.isEmpty()
                    && channel.isEmpty() && state.isEmpty() ? "" : " match the filter") + ".</td></tr>");
        }
        for (Interaction i : shown) {
            String href = root + "?tenant=" + query(i.tenantId) + "&open=" + query(i.interactionId) + "#interactions";
            out.println("<tr><td>" + html(i.tenantId) + "</td><td><a href='" + html(href) + "'>" + html(i.interactionId)
                    + "</a></td><td>" + html(i.state) + "</td><td>" + html(i.channel) + "</td><td>" + html(i.direction)
                    + "</td><td>" + html(i.agentId) + "</td><td>" + html(mask(i.ani())) + "</td><td>" + html(i.startTime)
                    + "</td></tr>");
        }
        out.println("</tbody></table>");
        if (shown.size() >= MAX_ROWS) {
            out.println("<p class='crm-muted'>First " + MAX_ROWS + " shown; narrow the filter.</p>");
        }
    }

    private static void filterForm(PrintWriter out, List<Tenant> tenants, String root, String tenant, String agent,
            String channel, String state) {
        out.println("<form method='get' action='" + html(root) + "#interactions' class='crm-filter'>"
                + "Tenant <select name='tenant'><option value=''>all</option>");
        for (Tenant t : tenants) {
            out.print("<option" + (t.id().equals(tenant) ? " selected" : "") + ">" + html(t.id()) + "</option>");
        }
        out.println("</select> Agent <input name='agent' size='12' value='" + html(agent) + "'>"
                + " Channel <input name='channel' size='8' value='" + html(channel) + "'>"
                + " State <input name='state' size='10' value='" + html(state) + "'>"
                + " <button type='submit'>Filter</button></form>");
    }

    private static boolean matches(String filter, String value) {
        return filter.isEmpty() || (value != null && value.equalsIgnoreCase(filter));
    }
}
