package org.crmconnector.core.console;

import static org.crmconnector.core.console.ConsoleRequest.query;
import static org.crmconnector.core.console.HtmlText.html;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.crmconnector.core.lifecycle.InteractionRegistry;
import org.crmconnector.interaction.CrmObject;
import org.crmconnector.interaction.Interaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One interaction's data. Caller numbers and names are masked unless the
 * operator asks to reveal them, which is logged; free text and custom data
 * only show their keys. Interactions carry no credentials, and nothing of a
 * tenant's configuration (API key hashes) is shown anywhere on the page.
 */
final class InteractionDetail {

    private static final Logger LOG = LoggerFactory.getLogger(InteractionDetail.class);

    private final InteractionRegistry interactions;

    InteractionDetail(InteractionRegistry interactions) {
        this.interactions = interactions;
    }

    void render(PrintWriter out, ConsoleRequest req, String tenantId, String interactionId, boolean reveal) {
        Interaction i;
        try {
            i = interactions.get(tenantId, interactionId);
        } catch (RuntimeException e) {
            i = null;
        }
        if (i == null) {
            out.println("<p class='crm-bad'>No live interaction '" + html(interactionId) + "' for tenant '"
                    + html(tenantId) + "'.</p>");
            return;
        }
        if (reveal) {
            LOG.info("Console user '{}' revealed the personal data of interaction {} of tenant {}", req.user(),
                    interactionId, tenantId);
        }
        out.println("<div class='crm-detail' id='crm-interaction'><h3>Interaction " + html(i.interactionId) + "</h3>"
                + "<table class='crm-table'>");
        rows(i, reveal).forEach((k, v) -> out.println("<tr><th>" + html(k) + "</th><td>" + html(v) + "</td></tr>"));
        String base = req.pluginRoot() + "?tenant=" + query(tenantId) + "&open=" + query(interactionId);
        out.println("</table><p>" + (reveal ? "<a href='" + html(base) + "#interactions'>Mask personal data</a>"
                : "<a href='" + html(base + "&reveal=1") + "#interactions'>Reveal personal data</a> (logged)")
                + "</p></div>");
    }

    private static Map<String, Object> rows(Interaction i, boolean reveal) {
        UnaryOperator<String> pd = v -> reveal ? (v == null ? "" : v) : PersonalData.mask(v);
        Map<String, Object> rows = new LinkedHashMap<>();
        rows.put("Interaction", i.interactionId);
        rows.put("Tenant", i.tenantId);
        rows.put("State", i.state);
        rows.put("Channel / direction", i.channel + " / " + i.direction);
        rows.put("Agent", i.agentId);
        rows.put("ANI", pd.apply(i.ani()));
        rows.put("Caller name", pd.apply(i.callerName));
        rows.put("DNIS", i.dnis);
        rows.put("Skill", i.skillName);
        rows.put("Started / established", orDash(i.startTime) + " / " + orDash(i.establishedTime));
        rows.put("Disposition", i.dispositionCode);
        rows.put("Comments", reveal ? i.comments : i.comments == null ? "" : "(" + i.comments.length() + " characters)");
        rows.put("Selected name", i.selectedName == null ? "" : i.selectedName.label + " " + pd.apply(i.selectedName.name));
        rows.put("Selected related to", i.selectedRelatedTo == null ? "" : i.selectedRelatedTo.label + " "
                + i.selectedRelatedTo.name);
        List<String> results = new ArrayList<>();
        for (CrmObject o : i.searchResults) {
            results.add(o.label + " " + (o.isWho ? pd.apply(o.name) : o.name) + " (" + o.id + ")");
        }
        rows.put("Search results", String.join("; ", results));
        rows.put("CAV / attributes / custom fields", reveal ? i.attributes + " " + i.customFields
                : "keys: " + i.attributes.keySet() + " " + i.customFields.keySet());
        rows.put("Last updated", i.lastUpdatedAt == null ? "" : i.lastUpdatedAt + " by " + orDash(i.lastUpdatedBy));
        return rows;
    }

    private static String orDash(Object value) {
        return value == null ? "–" : value.toString();
    }
}
