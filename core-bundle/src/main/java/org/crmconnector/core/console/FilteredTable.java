package org.crmconnector.core.console;

import static org.crmconnector.core.console.HtmlText.html;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A table of a thousand rows made readable: a filter form (text, and a state
 * where rows have one) and pages of {@link #PAGE_SIZE}, kept in the page's
 * query so a link shows the same view. Filtering and paging happen here, on
 * rows already rendered, so every section keeps its own row markup.
 *
 * @param prefix the query parameters' prefix, one per table: {@code t} gives {@code tq}, {@code tstate}, {@code tpage}
 */
record FilteredTable(String prefix, String anchor, ConsoleRequest request) {

    static final int PAGE_SIZE = 50;

    /** One rendered row, with what the filter looks at. */
    record Row(String text, String state, String html) {
    }

    /** The filter form; {@code states} by value to label, empty for a table without states. */
    void form(PrintWriter out, Map<String, String> states) {
        out.print("<form method='get' class='crm-filter' id='crm-" + anchor + "-filter' action='"
                + html(request.pluginRoot()) + "#" + anchor + "'><input type='search' name='" + prefix + "q' value='"
                + html(request.param(prefix + "q")) + "' placeholder='filter'>");
        if (!states.isEmpty()) {
            out.print("<select name='" + prefix + "state'><option value=''>any state</option>");
            states.forEach((value, label) -> out.print("<option value='" + html(value) + "'"
                    + (value.equals(request.param(prefix + "state")) ? " selected" : "") + ">" + html(label) + "</option>"));
            out.print("</select>");
        }
        out.println(" <button type='submit'>Filter</button></form>");
    }

    /** The rows the filter keeps, of the page asked for. */
    List<Row> page(List<Row> rows) {
        List<Row> kept = kept(rows);
        int from = (page(kept.size()) - 1) * PAGE_SIZE;
        return kept.subList(Math.min(from, kept.size()), Math.min(from + PAGE_SIZE, kept.size()));
    }

    /** "Rows 51-100 of 732 (1,000 in all)" with links to the pages before and after. */
    void navigation(PrintWriter out, List<Row> rows) {
        int total = kept(rows).size();
        int page = page(total);
        int pages = pages(total);
        int from = total == 0 ? 0 : (page - 1) * PAGE_SIZE + 1;
        out.print("<p class='crm-pages' id='crm-" + anchor + "-pages'>Rows " + from + "–" + Math.min(total, page * PAGE_SIZE)
                + " of " + total + (total != rows.size() ? " (" + rows.size() + " in all)" : ""));
        if (page > 1) {
            out.print(" · <a href='" + link(page - 1) + "'>previous</a>");
        }
        if (page < pages) {
            out.print(" · <a href='" + link(page + 1) + "'>next</a>");
        }
        out.println("</p>");
    }

    private List<Row> kept(List<Row> rows) {
        String q = request.param(prefix + "q").toLowerCase(Locale.ROOT);
        String state = request.param(prefix + "state");
        return rows.stream().filter(r -> q.isEmpty() || r.text().toLowerCase(Locale.ROOT).contains(q))
                .filter(r -> state.isEmpty() || state.equals(r.state())).toList();
    }

    private int page(int total) {
        try {
            return Math.max(1, Math.min(pages(total), Integer.parseInt(request.param(prefix + "page"))));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static int pages(int total) {
        return Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
    }

    private String link(int page) {
        return html(request.pluginRoot() + "?" + prefix + "q=" + ConsoleRequest.query(request.param(prefix + "q")) + "&"
                + prefix + "state=" + ConsoleRequest.query(request.param(prefix + "state")) + "&" + prefix + "page="
                + page + "#" + anchor);
    }
}
