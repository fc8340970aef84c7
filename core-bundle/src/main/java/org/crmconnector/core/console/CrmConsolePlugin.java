package org.crmconnector.core.console;

import static org.crmconnector.core.console.Html.esc;
import static org.crmconnector.core.console.Html.mask;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.crmconnector.core.lifecycle.InteractionRegistry;
import org.crmconnector.core.metrics.AdapterStats;
import org.crmconnector.core.metrics.RecentActivity;
import org.crmconnector.core.outbox.Outbox;
import org.crmconnector.core.outbox.OutboxItem;
import org.crmconnector.core.outbox.TenantStats;
import org.crmconnector.core.routing.AdapterRouter;
import org.crmconnector.core.tenant.Tenant;
import org.crmconnector.core.tenant.TenantRegistry;
import org.crmconnector.interaction.CrmObject;
import org.crmconnector.interaction.Interaction;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The "CRM Connector" page of the Felix Web Console: is every tenant working,
 * and if not, why. A plain servlet registered with the {@code felix.webconsole.*}
 * properties, as Sling's job console is; the Web Console authenticates every
 * request and draws its header, navigation and footer around our GET output.
 * POSTs reach us undecorated and change state only after {@link CsrfGuard}.
 */
@Component(service = Servlet.class, property = {"felix.webconsole.label=" + CrmConsolePlugin.LABEL,
        "felix.webconsole.title=CRM Connector", "felix.webconsole.category=CRM"})
public class CrmConsolePlugin extends HttpServlet {

    static final String LABEL = "crm";
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(CrmConsolePlugin.class);
    private static final String APP_ROOT = "felix.webconsole.appRoot";
    private static final int MAX_ROWS = 500;

    /** The engine's services, as the page reads them. */
    record Engine(TenantRegistry tenants, AdapterRouter router, InteractionRegistry interactions, Outbox outbox,
            RecentActivity activity, AdapterStats adapterStats) {
    }

    private final transient Engine engine;
    private final transient AdapterBundles bundles;
    private final transient DeployFolder deploy;
    private final transient ConfigLinks links;
    private final transient CsrfGuard csrf;

    @Activate
    public CrmConsolePlugin(BundleContext context, @Reference TenantRegistry tenants, @Reference AdapterRouter router,
            @Reference InteractionRegistry interactions, @Reference Outbox outbox, @Reference RecentActivity activity,
            @Reference AdapterStats adapterStats, @Reference ConfigurationAdmin configAdmin) {
        this(new Engine(tenants, router, interactions, outbox, activity, adapterStats), AdapterBundles.of(context),
                new DeployFolder(deployFolder(context)), new ConfigLinks(configAdmin), new CsrfGuard());
    }

    CrmConsolePlugin(Engine engine, AdapterBundles bundles, DeployFolder deploy, ConfigLinks links, CsrfGuard csrf) {
        this.engine = engine;
        this.bundles = bundles;
        this.deploy = deploy;
        this.links = links;
        this.csrf = csrf;
    }

    private static Path deployFolder(BundleContext context) {
        String dir = context.getProperty("felix.fileinstall.dir");
        return dir == null || dir.isBlank() ? Paths.get(System.getProperty("user.dir"), "deploy") : Paths.get(dir);
    }

    // ------------------------------------------------------------------ GET

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        // the Web Console has already set text/html and written its header; we write the content div only
        PrintWriter out = resp.getWriter();
        String root = pluginRoot(req);
        String user = CsrfGuard.user(req);
        out.println(STYLE);
        out.println("<div class='crm' id='crm-console' data-csrf='" + esc(csrf.token(user)) + "'>");
        out.println("<p class='crm-nav'><a href='#tenants'>Tenants</a> · <a href='#adapters'>Adapters</a> · "
                + "<a href='#interactions'>Live interactions</a> · <a href='#delivery'>Delivery</a> · "
                + "<a href='#deploy'>Hot deploy</a></p>");
        flash(out, req);
        List<Tenant> tenants = sorted(engine.tenants().all());
        Map<String, TenantStats> stats = engine.outbox().stats();
        renderTenants(out, tenants, stats, req);
        renderAdapters(out, stats);
        renderInteractions(out, tenants, req, root);
        renderDelivery(out, stats, csrf.token(user), root);
        renderDeploy(out, tenants);
        out.println("</div>");
        out.println(SCRIPT);
    }

    private void flash(PrintWriter out, HttpServletRequest req) {
        String done = req.getParameter("done");
        String error = req.getParameter("error");
        if (done != null) {
            out.println("<p class='crm-ok' id='crm-flash'>" + esc(done) + "</p>");
        }
        if (error != null) {
            out.println("<p class='crm-bad' id='crm-flash'>" + esc(error) + "</p>");
        }
    }

    void renderTenants(PrintWriter out, List<Tenant> tenants, Map<String, TenantStats> stats, HttpServletRequest req) {
        String consoleRoot = consoleRoot(req);
        out.println("<h2 id='tenants'>Tenants</h2>");
        out.println("<table class='crm-table' id='crm-tenants'><thead><tr><th>Tenant</th><th>Name</th><th>Adapter instance</th>"
                + "<th>Type</th><th>Bound</th><th>Live</th><th>Pops (1 h)</th><th>Logs (1 h)</th><th>Last error</th>"
                + "<th>Configuration</th></tr></thead><tbody>");
        if (tenants.isEmpty()) {
            out.println("<tr><td colspan='10'>No tenants. Create one in the <a href='" + esc(consoleRoot)
                    + "/configMgr'>Configuration</a> tab (factory 'CRM connector: tenant').</td></tr>");
        }
        for (Tenant t : tenants) {
            Optional<AdapterRouter.Bound> bound = engine.router().current(t.adapterInstance());
            long pops = engine.activity().lastHour(t.id(), RecentActivity.Kind.POP);
            long popFailures = engine.activity().lastHour(t.id(), RecentActivity.Kind.POP_FAILURE);
            String lastError = engine.activity().lastError(t.id())
                    .map(e -> e.at() + " " + e.source() + ": " + e.message()).orElse("");
            out.print("<tr data-tenant='" + esc(t.id()) + "'><td>" + esc(t.id()) + "</td><td>" + esc(t.displayName())
                    + "</td><td>" + esc(t.adapterInstance()) + "</td><td>"
                    + esc(bound.map(AdapterRouter.Bound::crmType).orElse("")) + "</td>");
            out.print(bound.isPresent() ? "<td class='crm-ok'>bound (service " + bound.get().serviceId() + ")</td>"
                    : "<td class='crm-bad'>MISSING</td>");
            out.print("<td>" + engine.interactions().liveCount(t.id()) + "</td><td>" + pops
                    + (popFailures > 0 ? " <span class='crm-bad'>(" + popFailures + " failed)</span>" : "") + "</td><td>"
                    + engine.activity().lastHour(t.id(), RecentActivity.Kind.LOG) + "</td><td class='crm-err'>"
                    + esc(lastError) + "</td><td>");
            links.tenantPid(t.id()).ifPresent(pid -> out.print("<a href='" + esc(consoleRoot) + "/configMgr/"
                    + esc(pid) + "'>tenant</a> "));
            Optional<String> adapterPid = links.adapterPid(t.adapterInstance());
            if (adapterPid.isPresent()) {
                out.print("<a href='" + esc(consoleRoot) + "/configMgr/" + esc(adapterPid.get()) + "'>adapter</a>");
            } else {
                out.print("<span class='crm-muted'>no adapter configuration named '" + esc(t.adapterInstance())
                        + "'</span>");
            }
            out.println("</td></tr>");
        }
        // a configuration DS refused (bad tenant id, bad hash, duplicate id) makes no tenant: say so here
        java.util.Set<String> live = new java.util.HashSet<>();
        tenants.forEach(t -> live.add(t.id()));
        links.tenantConfigurations().forEach((pid, id) -> {
            if (!live.contains(id)) {
                out.println("<tr data-tenant='" + esc(id) + "' class='crm-inactive'><td>" + esc(id.isEmpty() ? "(no id)" : id)
                        + "</td><td colspan='8' class='crm-bad'>NOT ACTIVE: the configuration was refused or its "
                        + "adapter reference is unsatisfied; see the server log for the reason</td><td><a href='"
                        + esc(consoleRoot) + "/configMgr/" + esc(pid) + "'>tenant</a></td></tr>");
            }
        });
        out.println("</tbody></table>");
    }

    void renderAdapters(PrintWriter out, Map<String, TenantStats> stats) {
        Map<String, String> breakers = new LinkedHashMap<>();
        stats.values().forEach(s -> {
            if (!s.adapterInstance().isEmpty()) {
                breakers.merge(s.adapterInstance(), s.breakerState(), (a, b) -> "CLOSED".equals(a) ? b : a);
            }
        });
        out.println("<h2 id='adapters'>Adapters</h2>");
        out.println("<table class='crm-table' id='crm-adapters'><thead><tr><th>Bundle</th><th>Version</th><th>State</th>"
                + "<th>Build tag</th><th>Instance</th><th>Type</th><th>Requests</th><th>Failures</th><th>p50</th>"
                + "<th>p99</th><th>Circuit</th><th>CRM status</th></tr></thead><tbody>");
        List<AdapterBundles.AdapterBundle> list = bundles.list();
        if (list.isEmpty()) {
            out.println("<tr><td colspan='12'>No adapter bundles installed. Upload one under Hot deploy.</td></tr>");
        }
        List<AdapterRouter.Bound> all = engine.router().all();
        for (AdapterBundles.AdapterBundle b : list) {
            List<AdapterRouter.Bound> served = all.stream().filter(x -> x.bundleId() == b.id())
                    .sorted(Comparator.comparing(AdapterRouter.Bound::instance)).toList();
            String head = "<td>" + esc(b.symbolicName()) + " <span class='crm-muted'>#" + b.id() + "</span></td><td>"
                    + esc(b.version()) + "</td><td>" + esc(b.state()) + "</td><td class='crm-tag'>" + esc(b.buildTag())
                    + "</td>";
            if (served.isEmpty()) {
                out.println("<tr data-bundle='" + esc(b.symbolicName()) + "'>" + head
                        + "<td colspan='8' class='crm-muted'>no instance configured</td></tr>");
            }
            for (AdapterRouter.Bound x : served) {
                AdapterStats.Snapshot s = engine.adapterStats().snapshot(x.instance());
                out.println("<tr data-bundle='" + esc(b.symbolicName()) + "' data-instance='" + esc(x.instance()) + "'>"
                        + head + "<td>" + esc(x.instance()) + "</td><td>" + esc(x.crmType()) + "</td><td>" + s.requests()
                        + "</td><td>" + s.failures() + "</td><td>" + millis(s.p50Millis()) + "</td><td>"
                        + millis(s.p99Millis()) + "</td><td>" + esc(breakers.getOrDefault(x.instance(), "CLOSED"))
                        + "</td><td class='crm-status'>" + esc(status(x)) + "</td></tr>");
            }
        }
        out.println("</tbody></table>");
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

    void renderInteractions(PrintWriter out, List<Tenant> tenants, HttpServletRequest req, String root) {
        String fTenant = param(req, "tenant");
        String fAgent = param(req, "agent");
        String fChannel = param(req, "channel");
        String fState = param(req, "state");
        out.println("<h2 id='interactions'>Live interactions</h2>");
        out.println("<form method='get' action='" + esc(root) + "#interactions' class='crm-filter'>"
                + "Tenant <select name='tenant'><option value=''>all</option>");
        for (Tenant t : tenants) {
            out.print("<option" + (t.id().equals(fTenant) ? " selected" : "") + ">" + esc(t.id()) + "</option>");
        }
        out.println("</select> Agent <input name='agent' size='12' value='" + esc(fAgent) + "'>"
                + " Channel <input name='channel' size='8' value='" + esc(fChannel) + "'>"
                + " State <input name='state' size='10' value='" + esc(fState) + "'>"
                + " <button type='submit'>Filter</button></form>");
        List<Interaction> shown = new ArrayList<>();
        for (Tenant t : tenants) {
            if (!fTenant.isEmpty() && !fTenant.equals(t.id())) {
                continue;
            }
            for (Interaction i : engine.interactions().list(t.id())) {
                if (matches(fAgent, i.agentId) && matches(fChannel, String.valueOf(i.channel))
                        && matches(fState, String.valueOf(i.state)) && shown.size() < MAX_ROWS) {
                    shown.add(i);
                }
            }
        }
        String open = param(req, "open");
        if (!open.isEmpty() && !fTenant.isEmpty()) {
            renderInteraction(out, fTenant, open, "1".equals(req.getParameter("reveal")), req, root);
        }
        out.println("<table class='crm-table' id='crm-interactions'><thead><tr><th>Tenant</th><th>Interaction</th>"
                + "<th>State</th><th>Channel</th><th>Direction</th><th>Agent</th><th>ANI</th><th>Started</th></tr>"
                + "</thead><tbody>");
        if (shown.isEmpty()) {
            out.println("<tr><td colspan='8'>No live interactions" + (fTenant.isEmpty() && fAgent.isEmpty()
                    && fChannel.isEmpty() && fState.isEmpty() ? "" : " match the filter") + ".</td></tr>");
        }
        for (Interaction i : shown) {
            String href = root + "?tenant=" + url(i.tenantId) + "&open=" + url(i.interactionId) + "#interactions";
            out.println("<tr><td>" + esc(i.tenantId) + "</td><td><a href='" + esc(href) + "'>" + esc(i.interactionId)
                    + "</a></td><td>" + esc(i.state) + "</td><td>" + esc(i.channel) + "</td><td>" + esc(i.direction)
                    + "</td><td>" + esc(i.agentId) + "</td><td>" + esc(mask(i.ani())) + "</td><td>" + esc(i.startTime)
                    + "</td></tr>");
        }
        out.println("</tbody></table>");
        if (shown.size() >= MAX_ROWS) {
            out.println("<p class='crm-muted'>First " + MAX_ROWS + " shown; narrow the filter.</p>");
        }
    }

    /**
     * One interaction's data. Caller numbers and names are masked unless the
     * operator asks to reveal them, which is logged; free text and custom data
     * only show their keys. Interactions carry no credentials, and nothing of a
     * tenant's configuration (API key hashes) is shown anywhere on this page.
     */
    void renderInteraction(PrintWriter out, String tenantId, String interactionId, boolean reveal,
            HttpServletRequest req, String root) {
        Interaction i;
        try {
            i = engine.interactions().get(tenantId, interactionId);
        } catch (RuntimeException e) {
            i = null;
        }
        if (i == null) {
            out.println("<p class='crm-bad'>No live interaction '" + esc(interactionId) + "' for tenant '"
                    + esc(tenantId) + "'.</p>");
            return;
        }
        if (reveal) {
            LOG.info("Console user '{}' revealed the personal data of interaction {} of tenant {}",
                    CsrfGuard.user(req), interactionId, tenantId);
        }
        java.util.function.Function<String, String> pd = v -> reveal ? (v == null ? "" : v) : mask(v);
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
        out.println("<div class='crm-detail' id='crm-interaction'><h3>Interaction " + esc(i.interactionId) + "</h3>"
                + "<table class='crm-table'>");
        rows.forEach((k, v) -> out.println("<tr><th>" + esc(k) + "</th><td>" + esc(v) + "</td></tr>"));
        String base = root + "?tenant=" + url(tenantId) + "&open=" + url(interactionId);
        out.println("</table><p>" + (reveal ? "<a href='" + esc(base) + "#interactions'>Mask personal data</a>"
                : "<a href='" + esc(base + "&reveal=1") + "#interactions'>Reveal personal data</a> (logged)")
                + "</p></div>");
    }

    void renderDelivery(PrintWriter out, Map<String, TenantStats> stats, String token, String root) {
        out.println("<h2 id='delivery'>Delivery</h2>");
        out.println("<table class='crm-table' id='crm-delivery'><thead><tr><th>Tenant</th><th>Pending</th><th>In flight</th>"
                + "<th>Oldest pending</th><th>Delivered</th><th>Failed attempts</th><th>Dead</th><th>Circuit</th><th></th>"
                + "</tr></thead><tbody>");
        if (stats.isEmpty()) {
            out.println("<tr><td colspan='9'>Nothing delivered or waiting since start.</td></tr>");
        }
        for (TenantStats s : stats.values()) {
            out.print("<tr data-tenant='" + esc(s.tenantId()) + "'><td>" + esc(s.tenantId()) + "</td><td>" + s.pending()
                    + "</td><td>" + s.inFlight() + "</td><td>" + age(s.oldestPendingAge()) + "</td><td>" + s.delivered()
                    + "</td><td>" + s.failed() + "</td><td class='" + (s.dead() > 0 ? "crm-bad" : "") + "'>" + s.dead()
                    + "</td><td>" + esc(s.breakerState()) + "</td><td>");
            if (s.dead() > 0) {
                out.print(actionForm(root, token, "retryAll", s.tenantId(), null, "Retry all",
                        "Retry all " + s.dead() + " dead letters of tenant " + s.tenantId() + "?"));
            }
            out.println("</td></tr>");
        }
        out.println("</tbody></table>");
        out.println("<h3>Dead letters</h3><table class='crm-table' id='crm-deadletters'><thead><tr><th>Tenant</th>"
                + "<th>Id</th><th>Kind</th><th>Interaction key</th><th>Attempts</th><th>Created</th>"
                + "<th>CRM's error</th><th></th></tr></thead><tbody>");
        int shown = 0;
        for (TenantStats s : stats.values()) {
            if (s.dead() == 0) {
                continue;
            }
            for (OutboxItem item : engine.outbox().deadLetters(s.tenantId())) {
                if (shown++ >= MAX_ROWS) {
                    break;
                }
                out.println("<tr data-tenant='" + esc(item.tenantId) + "' data-id='" + item.id + "'><td>"
                        + esc(item.tenantId) + "</td><td>" + item.id + "</td><td>" + esc(item.kind) + "</td><td>"
                        + esc(item.orderingKey) + "</td><td>" + item.attempts + "</td><td>" + esc(item.createdAt)
                        + "</td><td class='crm-err'>" + esc(item.lastError) + "</td><td>"
                        + actionForm(root, token, "retry", item.tenantId, item.id, "Retry",
                                "Send dead letter " + item.id + " of tenant " + item.tenantId + " again?")
                        + actionForm(root, token, "discard", item.tenantId, item.id, "Discard",
                                "Delete dead letter " + item.id + " of tenant " + item.tenantId + " for good?")
                        + "</td></tr>");
            }
        }
        if (shown == 0) {
            out.println("<tr><td colspan='8'>No dead letters.</td></tr>");
        }
        out.println("</tbody></table>");
    }

    private static String actionForm(String root, String token, String action, String tenant, Long id, String label,
            String question) {
        return "<form method='post' action='" + esc(root) + "' class='crm-inline' onsubmit=\"return confirm('"
                + esc(Html.js(question)) + "')\"><input type='hidden' name='" + CsrfGuard.FIELD + "' value='" + esc(token)
                + "'><input type='hidden' name='action' value='" + esc(action) + "'><input type='hidden' name='tenant' value='"
                + esc(tenant) + "'>" + (id == null ? "" : "<input type='hidden' name='id' value='" + id + "'>")
                + "<button type='submit' class='crm-" + esc(action) + "'>" + esc(label) + "</button></form>";
    }

    void renderDeploy(PrintWriter out, List<Tenant> tenants) {
        out.println("<h2 id='deploy'>Hot deploy</h2>");
        out.println("<p>Deploy folder (watched by FileInstall): <code id='crm-deploy-folder'>"
                + esc(deploy.folder().toAbsolutePath()) + "</code>. A jar with the symbolic name of a deployed adapter "
                + "replaces that adapter's file, so the bundle is updated in place and its tenants move to it.</p>");
        out.println("<p><input type='file' id='crm-upload-file' accept='.jar'> <button type='button' id='crm-upload'>"
                + "Upload adapter bundle</button> <span id='crm-upload-result'></span></p>");
        out.println("<table class='crm-table' id='crm-bindings'><thead><tr><th>Tenant</th><th>Adapter instance</th>"
                + "<th>Bundle</th><th>Version</th><th>Build tag</th></tr></thead><tbody>");
        Map<Long, AdapterBundles.AdapterBundle> byId = new LinkedHashMap<>();
        bundles.list().forEach(b -> byId.put(b.id(), b));
        for (Tenant t : tenants) {
            Optional<AdapterRouter.Bound> bound = engine.router().current(t.adapterInstance());
            AdapterBundles.AdapterBundle b = bound.map(x -> byId.get(x.bundleId())).orElse(null);
            out.println("<tr data-tenant='" + esc(t.id()) + "'><td>" + esc(t.id()) + "</td><td>" + esc(t.adapterInstance())
                    + "</td>" + (bound.isEmpty() ? "<td colspan='3' class='crm-bad'>MISSING</td>"
                            : b == null ? "<td colspan='3'>bundle " + bound.get().bundleId() + "</td>"
                                    : "<td>" + esc(b.symbolicName()) + "</td><td>" + esc(b.version())
                                            + "</td><td class='crm-tag'>" + esc(b.buildTag()) + "</td>")
                    + "</tr>");
        }
        out.println("</tbody></table>");
    }

    // ------------------------------------------------------------------ POST

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Optional<String> refusal = csrf.refusal(req);
        if (refusal.isPresent()) {
            LOG.warn("Console: refused a {} from user '{}': {}", req.getRequestURI(), CsrfGuard.user(req), refusal.get());
            json(resp, 403, Map.of("error", refusal.get()));
            return;
        }
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        if (path.endsWith("/upload")) {
            upload(req, resp);
            return;
        }
        String action = param(req, "action");
        String tenant = param(req, "tenant");
        String message;
        try {
            message = switch (action) {
                case "retry" -> engine.outbox().retryDeadLetter(tenant, id(req))
                        ? "Dead letter " + id(req) + " of tenant " + tenant + " queued again"
                        : null;
                case "discard" -> engine.outbox().discardDeadLetter(tenant, id(req))
                        ? "Dead letter " + id(req) + " of tenant " + tenant + " discarded"
                        : null;
                case "retryAll" -> engine.outbox().retryAll(tenant) + " dead letters of tenant " + tenant + " queued again";
                default -> throw new IllegalArgumentException("unknown action '" + action + "'");
            };
        } catch (IllegalArgumentException e) {
            answer(req, resp, 400, e.getMessage(), false);
            return;
        }
        if (message == null) {
            answer(req, resp, 404, "Tenant " + tenant + " has no dead letter " + param(req, "id"), false);
            return;
        }
        LOG.info("Console user '{}': {}", CsrfGuard.user(req), message);
        answer(req, resp, 200, message, true);
    }

    private void upload(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String type = req.getContentType() == null ? "" : req.getContentType().toLowerCase(Locale.ROOT);
        if (!type.startsWith("application/java-archive") && !type.startsWith("application/octet-stream")) {
            json(resp, 415, Map.of("error", "send the jar as the raw body with Content-Type: application/java-archive"));
            return;
        }
        try {
            DeployFolder.Deployed d = deploy.deploy(req.getParameter("file"), req.getInputStream());
            LOG.info("Console user '{}' deployed {} {} (build tag '{}') as {}", CsrfGuard.user(req), d.symbolicName(),
                    d.version(), d.buildTag(), d.file());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", d.file().getFileName().toString());
            m.put("symbolicName", d.symbolicName());
            m.put("version", d.version());
            m.put("buildTag", d.buildTag());
            m.put("replaced", d.replaced());
            json(resp, 200, m);
        } catch (DeployFolder.Refused e) {
            json(resp, 400, Map.of("error", e.getMessage()));
        }
    }

    private static long id(HttpServletRequest req) {
        try {
            return Long.parseLong(param(req, "id"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("id must be a number");
        }
    }

    /** JSON for scripts (Accept: application/json), else back to the page with the outcome. */
    private void answer(HttpServletRequest req, HttpServletResponse resp, int status, String message, boolean ok)
            throws IOException {
        String accept = req.getHeader("Accept");
        if (accept != null && accept.contains("application/json")) {
            json(resp, status, Map.of(ok ? "done" : "error", message));
        } else {
            resp.setStatus(303);
            resp.setHeader("Location", pluginRoot(req) + "?" + (ok ? "done=" : "error=") + url(message) + "#delivery");
        }
    }

    static void json(HttpServletResponse resp, int status, Map<String, ?> body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        StringBuilder sb = new StringBuilder("{");
        body.forEach((k, v) -> {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append(jsonString(k)).append(':').append(v instanceof Boolean || v instanceof Number ? v.toString()
                    : jsonString(String.valueOf(v)));
        });
        resp.getWriter().write(sb.append('}').toString());
    }

    static String jsonString(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c == '<' || c == '>' || c == '&') {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    // ------------------------------------------------------------------ helpers

    private static String consoleRoot(HttpServletRequest req) {
        Object root = req.getAttribute(APP_ROOT);
        return root != null ? root.toString() : req.getContextPath() + req.getServletPath();
    }

    private static String pluginRoot(HttpServletRequest req) {
        return consoleRoot(req) + "/" + LABEL;
    }

    private static String param(HttpServletRequest req, String name) {
        String v = req.getParameter(name);
        return v == null ? "" : v.trim();
    }

    private static boolean matches(String filter, String value) {
        return filter.isEmpty() || (value != null && value.equalsIgnoreCase(filter));
    }

    private static String url(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }

    private static String orDash(Object value) {
        return value == null ? "–" : value.toString();
    }

    private static String millis(double ms) {
        return ms < 0 ? "–" : ms < 10 ? String.format(Locale.ROOT, "%.2f ms", ms) : String.format(Locale.ROOT, "%.0f ms", ms);
    }

    static String age(Duration d) {
        long s = d.getSeconds();
        return s == 0 ? "–" : s < 120 ? s + " s" : s < 7200 ? s / 60 + " min" : s / 3600 + " h";
    }

    private static List<Tenant> sorted(Collection<Tenant> all) {
        return all.stream().sorted(Comparator.comparing(Tenant::id)).toList();
    }

    private static final String STYLE = """
            <style>
            .crm h2 { margin: 1.2em 0 .4em; border-bottom: 1px solid #ccc; font-size: 15px; font-weight: bold; }
            .crm h3 { margin: .8em 0 .3em; font-size: 13px; font-weight: bold; }
            .crm .crm-table { border-collapse: collapse; width: 100%; margin-bottom: .8em; font-size: 12px; }
            .crm .crm-table th, .crm .crm-table td { border: 1px solid #ddd; padding: 3px 6px; text-align: left;
              vertical-align: top; }
            .crm .crm-table thead th { background: #eef1f5; }
            .crm .crm-ok { color: #1a7f37; } .crm .crm-bad { color: #b42318; font-weight: bold; }
            .crm .crm-err { color: #b42318; max-width: 28em; word-break: break-word; }
            .crm .crm-muted { color: #777; } .crm .crm-tag { font-family: monospace; }
            .crm .crm-inline { display: inline; margin-right: 4px; } .crm .crm-nav { font-size: 13px; }
            .crm .crm-detail { border: 1px solid #ccc; padding: 6px; margin: .5em 0; background: #fafafa; }
            .crm code { background: #f3f3f3; padding: 1px 4px; }
            </style>""";

    /** The upload: the jar goes as the raw body; the token from the page goes in a header. */
    private static final String SCRIPT = """
            <script>
            (function () {
              var root = document.getElementById('crm-console');
              var button = document.getElementById('crm-upload');
              if (!root || !button) { return; }
              button.addEventListener('click', function () {
                var input = document.getElementById('crm-upload-file');
                var out = document.getElementById('crm-upload-result');
                if (!input.files.length) { out.textContent = 'Choose a .jar file first.'; return; }
                var file = input.files[0];
                if (!confirm('Deploy ' + file.name + ' into the deploy folder?')) { return; }
                out.textContent = 'Uploading...';
                fetch(window.location.pathname.replace(/\\/$/, '') + '/upload?file=' + encodeURIComponent(file.name), {
                  method: 'POST', body: file, credentials: 'same-origin',
                  headers: { 'Content-Type': 'application/java-archive', 'X-CRM-CSRF': root.dataset.csrf }
                }).then(function (r) { return r.json().then(function (j) { return { ok: r.ok, body: j }; }); })
                  .then(function (r) {
                    if (r.ok) {
                      out.textContent = 'Deployed ' + r.body.symbolicName + ' ' + r.body.version + ' (build tag '
                        + r.body.buildTag + ') as ' + r.body.file + '. Reloading...';
                      setTimeout(function () { window.location.hash = 'adapters'; window.location.reload(); }, 4000);
                    } else {
                      out.textContent = 'Refused: ' + r.body.error;
                    }
                  }).catch(function (e) { out.textContent = 'Failed: ' + e; });
              });
            })();
            </script>""";
}
