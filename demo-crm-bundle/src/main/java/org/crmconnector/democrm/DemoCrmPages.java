package org.crmconnector.democrm;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.owasp.encoder.Encode;

/** The demo CRM's HTML pages. Every value goes through {@link #text}: contacts are fixed, activities are not. */
final class DemoCrmPages {

    private static final String STYLE = """
            body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1d2733;background:#f4f6f9}
            header{background:#234;color:#fff;padding:10px 20px}header a{color:#fff;text-decoration:none}
            main{padding:16px 20px;max-width:900px}
            .card{background:#fff;border:1px solid #d6dde6;border-radius:8px;padding:14px 18px;margin:0 0 16px}
            table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e4e9ef;vertical-align:top}
            th{font-weight:600;color:#556}.muted{color:#778}code{font-size:13px}h1{font-size:22px;margin:0 0 6px}
            """;

    private DemoCrmPages() {
    }

    static String index(String base, List<Contact> contacts, List<Map<String, Object>> activities) {
        StringBuilder sb = start(base, "Demo CRM");
        sb.append("<div class='card'><h1>Contacts</h1><table><tr><th>Name</th><th>Type</th><th>Phone</th><th>Id</th></tr>");
        for (Contact c : contacts) {
            sb.append("<tr><td><a href='").append(text(base + "contacts/" + c.id())).append("'>")
                    .append(text(c.name())).append("</a></td><td>").append(text(c.type()))
                    .append("</td><td>").append(text(c.phone())).append("</td><td><code>")
                    .append(text(c.id())).append("</code></td></tr>");
        }
        sb.append("</table></div>");
        activityTable(sb, "Logged activities", activities);
        sb.append("<p class='muted'>An in-memory demo: data is lost on restart, only the last ")
                .append(DemoCrmStore.MAX_ACTIVITIES).append(" activities are kept, and nothing is authenticated.</p>");
        return end(sb);
    }

    static String contact(String base, Contact c, List<Map<String, Object>> activities) {
        StringBuilder sb = start(base, c.name() + " - Demo CRM");
        sb.append("<div class='card'><h1 id='contact-name'>").append(text(c.name())).append("</h1>")
                .append("<table><tr><th>Type</th><td>").append(text(c.type())).append("</td></tr>")
                .append("<tr><th>Phone</th><td>").append(text(c.phone())).append("</td></tr>")
                .append("<tr><th>Id</th><td><code>").append(text(c.id())).append("</code></td></tr></table></div>");
        activityTable(sb, "Activities", activities);
        return end(sb);
    }

    static String notFound(String base, String id) {
        StringBuilder sb = start(base, "Not found - Demo CRM");
        sb.append("<div class='card'><h1>No contact '").append(text(DemoCrmServlet.clip(id)))
                .append("'</h1><p><a href='").append(text(base)).append("'>All contacts</a></p></div>");
        return end(sb);
    }

    private static void activityTable(StringBuilder sb, String heading, List<Map<String, Object>> activities) {
        sb.append("<div class='card'><h2>").append(text(heading)).append("</h2>");
        if (activities.isEmpty()) {
            sb.append("<p class='muted'>None yet.</p></div>");
            return;
        }
        sb.append("<table><tr><th>Id</th><th>Created</th><th>Fields</th></tr>");
        // newest first: that is what a demo user just did
        for (int i = activities.size() - 1; i >= 0; i--) {
            Map<String, Object> a = activities.get(i);
            sb.append("<tr><td><code>").append(text(a.get("id"))).append("</code></td><td>")
                    .append(text(a.get("createdAt"))).append("</td><td>");
            a.forEach((k, v) -> {
                if (!k.equals("id") && !k.equals("createdAt")) {
                    sb.append("<div><b>").append(text(k)).append("</b>: ").append(text(v)).append("</div>");
                }
            });
            sb.append("</td></tr>");
        }
        sb.append("</table></div>");
    }

    private static StringBuilder start(String base, String title) {
        return new StringBuilder(4096).append("<!doctype html><html lang='en'><head><meta charset='utf-8'><title>")
                .append(text(title)).append("</title><style>").append(STYLE).append("</style></head><body>")
                .append("<header><a href='").append(text(base)).append("'><b>Demo CRM</b></a></header><main>");
    }

    private static String end(StringBuilder sb) {
        return sb.append("</main></body></html>").toString();
    }

    /** A value as HTML text, safe in element bodies and quoted attributes; Encode would write "null" for null. */
    private static String text(Object value) {
        return Encode.forHtml(Objects.toString(value, ""));
    }
}
