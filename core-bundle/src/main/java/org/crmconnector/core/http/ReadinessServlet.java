package org.crmconnector.core.http;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.crmconnector.core.json.Json;
import org.crmconnector.core.lifecycle.InteractionRegistry;
import org.crmconnector.core.node.Draining;
import org.crmconnector.core.node.NodeConfig;
import org.crmconnector.core.node.NodeIdentity;
import org.crmconnector.core.outbox.Outbox;
import org.crmconnector.core.store.StoreSelection;
import org.crmconnector.core.routing.AdapterRouter;
import org.crmconnector.core.tenant.Tenant;
import org.crmconnector.core.tenant.TenantRegistry;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code GET /health/ready}, without authentication: 200 when this node can
 * serve, else 503 naming each check that fails, for a load balancer to keep
 * the node out until it can serve and to take it out while it drains.
 * <ul>
 * <li>{@code store}: the interaction store and the outbox are open on the
 * store kind the node selects ({@code crm.store}; no other kind is ever
 * registered, so a node waiting for its database is not ready);</li>
 * <li>{@code tenants}: every tenant configuration is a live tenant;</li>
 * <li>{@code adapters}: every live tenant's adapter instance is bound;</li>
 * <li>{@code draining}: the node is not stopping.</li>
 * </ul>
 * Tenants and adapters count only during the start wait ({@code
 * start.wait.seconds} of {@code org.crmconnector.node}) and until the node
 * was ready once: later, one tenant whose adapter is swapped or broken must
 * not take every node out of the load balancer (its work waits in the
 * outbox). Counts only: tenant names are not for anonymous callers.
 */
@Component(service = Servlet.class, configurationPid = NodeIdentity.PID)
@HttpWhiteboardServletPattern("/health/ready")
@HttpWhiteboardServletName("crm-connector-readiness")
public class ReadinessServlet extends ReadOnlyServlet {

    private static final long serialVersionUID = 1L;

    private final transient TenantRegistry tenants;
    private final transient AdapterRouter router;
    private final transient ConfigurationAdmin configAdmin;
    private final transient Draining draining;
    private final transient NodeIdentity node;
    private final transient Json json = new Json();
    private final boolean demoStart;
    private final String storeKind;
    private final long startWaitEnds;
    private volatile boolean wasReady;

    private final transient LongSupplier nanoTime;
    private transient volatile Outbox outbox;
    private transient volatile InteractionRegistry interactions;

    @Activate
    public ReadinessServlet(NodeConfig config, BundleContext context, @Reference TenantRegistry tenants,
            @Reference AdapterRouter router, @Reference ConfigurationAdmin configAdmin, @Reference Draining draining,
            @Reference NodeIdentity node, @Reference StoreSelection store) {
        this(config, Boolean.parseBoolean(context.getProperty(Tenant.DEMO_START)), store.kind(), tenants, router,
                configAdmin, draining, node, System::nanoTime);
    }

    ReadinessServlet(NodeConfig config, boolean demoStart, String storeKind, TenantRegistry tenants,
            AdapterRouter router, ConfigurationAdmin configAdmin, Draining draining, NodeIdentity node,
            LongSupplier nanoTime) {
        this.storeKind = storeKind;
        this.tenants = tenants;
        this.router = router;
        this.configAdmin = configAdmin;
        this.draining = draining;
        this.node = node;
        this.demoStart = demoStart;
        this.nanoTime = nanoTime;
        this.startWaitEnds = nanoTime.getAsLong() + TimeUnit.SECONDS.toNanos(Math.max(0, config.start_wait_seconds()));
    }

    /** Optional and dynamic: readiness is how an operator sees that the stores are not there yet. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindOutbox(Outbox opened) {
        outbox = opened;
    }

    void unbindOutbox(Outbox closed) {
        if (outbox == closed) {
            outbox = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindInteractions(InteractionRegistry opened) {
        interactions = opened;
    }

    void unbindInteractions(InteractionRegistry closed) {
        if (interactions == closed) {
            interactions = null;
        }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        List<Map<String, String>> notReady = new ArrayList<>();
        if (interactions == null || outbox == null) {
            notReady.add(check("store", interactions == null ? "the " + storeKind + " interaction store is not open"
                    : "the delivery outbox is not open on the " + storeKind + " store"));
        }
        if (!wasReady && nanoTime.getAsLong() - startWaitEnds < 0) {
            int configured = tenantConfigurations();
            int live = tenants.all().size();
            if (live < configured) {
                notReady.add(check("tenants", (configured - live) + " of " + configured
                        + " tenant configurations are not live tenants yet"));
            }
            long unbound = tenants.all().stream().filter(t -> router.current(t.adapterInstance()).isEmpty()).count();
            if (unbound > 0) {
                notReady.add(check("adapters", unbound + " tenants have no bound adapter instance yet"));
            }
        }
        if (draining.active()) {
            notReady.add(check("draining", "the node is stopping"));
        }
        if (notReady.isEmpty()) {
            wasReady = true;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", notReady.isEmpty() ? "READY" : "NOT_READY");
        body.put("node", node.id());
        body.put("notReady", notReady);
        byte[] bytes = json.write(body);
        resp.setStatus(notReady.isEmpty() ? 200 : 503);
        resp.setContentType("application/json");
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }

    /** Tenant configurations that should be live here: all, but demo tenants outside a demo start. */
    private int tenantConfigurations() {
        try {
            Configuration[] found = configAdmin.listConfigurations(
                    "(service.factoryPid=" + Tenant.FACTORY_PID + ")");
            int count = 0;
            for (Configuration c : found == null ? new Configuration[0] : found) {
                Object demoOnly = c.getProcessedProperties(null).get("demo.only");
                if (demoStart || !Boolean.parseBoolean(String.valueOf(demoOnly))) {
                    count++;
                }
            }
            return count;
        } catch (IOException | InvalidSyntaxException e) {
            return 0;
        }
    }

    private static Map<String, String> check(String name, String reason) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("check", name);
        c.put("reason", reason);
        return c;
    }
}
