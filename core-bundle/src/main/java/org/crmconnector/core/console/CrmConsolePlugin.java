package org.crmconnector.core.console;

import static org.crmconnector.core.console.HtmlText.html;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.crmconnector.core.lifecycle.InteractionRegistry;
import org.crmconnector.core.metrics.Metrics;
import org.crmconnector.core.outbox.Outbox;
import org.crmconnector.core.routing.AdapterRouter;
import org.crmconnector.core.tenant.Tenant;
import org.crmconnector.core.tenant.TenantRegistry;
import org.crmconnector.core.node.NodeIdentity;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
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
@Component(service = Servlet.class)
@WebConsolePlugin(label = CrmConsolePlugin.LABEL, title = "CRM Connector", category = "CRM")
public class CrmConsolePlugin extends HttpServlet {

    static final String LABEL = "crm";
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(CrmConsolePlugin.class);

    /** The engine's services, as the page reads them. */
    record Engine(TenantRegistry tenants, AdapterRouter router, InteractionRegistry interactions, Outbox outbox,
            Metrics metrics, NodeIdentity node) {
    }

    private final transient Engine engine;
    private final transient CsrfGuard csrf;
    private final transient List<PageSection> sections;
    private final transient DeadLetterActions deadLetters;
    private final transient AdapterUpload upload;

    @Activate
    public CrmConsolePlugin(BundleContext context, @Reference TenantRegistry tenants, @Reference AdapterRouter router,
            @Reference InteractionRegistry interactions, @Reference Outbox outbox, @Reference Metrics metrics,
            @Reference ConfigurationAdmin configAdmin, @Reference NodeIdentity node) {
        this(new Engine(tenants, router, interactions, outbox, metrics, node), AdapterBundles.of(context),
                new DeployFolder(deployFolder(context)), new ConfigLinks(configAdmin), new CsrfGuard());
    }

    CrmConsolePlugin(Engine engine, AdapterBundles bundles, DeployFolder deploy, ConfigLinks links, CsrfGuard csrf) {
        this.engine = engine;
        this.csrf = csrf;
        this.sections = List.of(
                new TenantsSection(engine.router(), engine.interactions(), engine.metrics(), links, engine.outbox()),
                new AdaptersSection(bundles, engine.router(), engine.metrics()),
                new InteractionsSection(engine.interactions()),
                new DeliverySection(engine.outbox()),
                new UnloggedSection(engine.outbox()),
                new HotDeploySection(deploy, bundles, engine.router()));
        this.deadLetters = new DeadLetterActions(engine.outbox());
        this.upload = new AdapterUpload(deploy);
    }

    private static Path deployFolder(BundleContext context) {
        String dir = context.getProperty("felix.fileinstall.dir");
        return dir == null || dir.isBlank() ? Paths.get(System.getProperty("user.dir"), "deploy") : Paths.get(dir);
    }

    /**
     * The page acts on the operator's session, so no other page may frame it
     * (clickjacking), and no answer of ours is read as anything but its type.
     */
    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        resp.setHeader("Content-Security-Policy", "frame-ancestors 'none'");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        super.service(req, resp);
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        // the Web Console has already set text/html and written its header; we write the content div only
        ConsoleRequest request = new ConsoleRequest(req);
        List<Tenant> tenants = engine.tenants().all().stream().sorted(Comparator.comparing(Tenant::id)).toList();
        ConsolePage page = new ConsolePage(request, csrf.token(request.user()), tenants, engine.outbox().stats());
        PrintWriter out = resp.getWriter();
        out.println(PageResources.STYLE);
        out.println("<div class='crm' id='crm-console' data-csrf='" + html(page.token()) + "'>");
        out.println("<p class='crm-nav'><a href='#tenants'>Tenants</a> · <a href='#adapters'>Adapters</a> · "
                + "<a href='#interactions'>Live interactions</a> · <a href='#delivery'>Delivery</a> · "
                + "<a href='#unlogged'>Unlogged</a> · "
                + "<a href='#deploy'>Hot deploy</a></p>");
        // which node answered: behind a load balancer each page view may be another one
        out.println("<p class='crm-node' id='crm-node'>Node <b>" + html(engine.node().id()) + "</b></p>");
        flash(out, req);
        for (PageSection section : sections) {
            section.render(out, page);
        }
        out.println("</div>");
        out.println(PageResources.SCRIPT);
    }

    /** The outcome of the form POST that redirected here. */
    private static void flash(PrintWriter out, HttpServletRequest req) {
        String done = req.getParameter("done");
        String error = req.getParameter("error");
        if (done != null) {
            out.println("<p class='crm-ok' id='crm-flash'>" + html(done) + "</p>");
        }
        if (error != null) {
            out.println("<p class='crm-bad' id='crm-flash'>" + html(error) + "</p>");
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Optional<String> refusal = csrf.refusal(req);
        if (refusal.isPresent()) {
            LOG.warn("Console: refused a {} from user '{}': {}", req.getRequestURI(), CsrfGuard.user(req), refusal.get());
            JsonAnswer.send(resp, 403, Map.of("error", refusal.get()));
            return;
        }
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        if (path.endsWith("/upload")) {
            upload.handle(new ConsoleRequest(req), resp);
        } else {
            deadLetters.handle(new ConsoleRequest(req), resp);
        }
    }
}
