package org.crmconnector.core.console;

import static org.crmconnector.core.console.HtmlText.html;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.crmconnector.core.routing.AdapterRouter;
import org.crmconnector.core.tenant.Tenant;

/** Hot deploy: the upload of an adapter jar (see {@code res/console.js}) and which bundle version each tenant runs. */
final class HotDeploySection implements PageSection {

    private final DeployFolder deploy;
    private final AdapterBundles bundles;
    private final AdapterRouter router;

    HotDeploySection(DeployFolder deploy, AdapterBundles bundles, AdapterRouter router) {
        this.deploy = deploy;
        this.bundles = bundles;
        this.router = router;
    }

    @Override
    public void render(PrintWriter out, ConsolePage page) {
        out.println("<h2 id='deploy'>Hot deploy</h2>");
        out.println("<p>Deploy folder (watched by FileInstall): <code id='crm-deploy-folder'>"
                + html(deploy.folder().toAbsolutePath()) + "</code>. A jar with the symbolic name of a deployed adapter "
                + "replaces that adapter's file, so the bundle is updated in place and its tenants move to it.</p>");
        out.println("<p><input type='file' id='crm-upload-file' accept='.jar'> <button type='button' id='crm-upload'>"
                + "Upload adapter bundle</button> <span id='crm-upload-result'></span></p>");
        FilteredTable table = new FilteredTable("b", "deploy", page.request());
        table.form(out, Map.of());
        out.println("<table class='crm-table' id='crm-bindings'><thead><tr><th>Tenant</th><th>Adapter instance</th>"
                + "<th>Bundle</th><th>Version</th><th>Build tag</th></tr></thead><tbody>");
        Map<Long, AdapterBundles.AdapterBundle> byId = new LinkedHashMap<>();
        bundles.list().forEach(b -> byId.put(b.id(), b));
        List<FilteredTable.Row> rows = new ArrayList<>();
        for (Tenant t : page.tenants()) {
            Optional<AdapterRouter.Bound> bound = router.current(t.adapterInstance());
            AdapterBundles.AdapterBundle b = bound.map(x -> byId.get(x.bundleId())).orElse(null);
            rows.add(new FilteredTable.Row(t.id() + " " + t.adapterInstance() + " " + (b == null ? "" : b.symbolicName()),
                    "", "<tr data-tenant='" + html(t.id()) + "'><td>" + html(t.id()) + "</td><td>"
                    + html(t.adapterInstance()) + "</td>" + (bound.isEmpty() ? "<td colspan='3' class='crm-bad'>MISSING</td>"
                            : b == null ? "<td colspan='3'>bundle " + bound.get().bundleId() + "</td>"
                                    : "<td>" + html(b.symbolicName()) + "</td><td>" + html(b.version())
                                            + "</td><td class='crm-tag'>" + html(b.buildTag()) + "</td>")
                    + "</tr>"));
        }
        table.page(rows).forEach(r -> out.println(r.html()));
        out.println("</tbody></table>");
        table.navigation(out, rows);
    }
}
