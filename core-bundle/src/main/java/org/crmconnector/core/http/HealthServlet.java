package org.crmconnector.core.http;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.crmconnector.core.agent.AgentStreams;
import org.crmconnector.core.json.Json;
import org.crmconnector.core.node.Draining;
import org.crmconnector.core.node.NodeIdentity;
import org.crmconnector.core.routing.AdapterRouter;
import org.crmconnector.core.tenant.Tenant;
import org.crmconnector.core.tenant.TenantRegistry;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code GET /health} (and {@code /health/live}), without authentication:
 * liveness (the process answers: 200 while it runs, draining included), the
 * node's id, and how many tenants have their adapter. Counts only: tenant
 * names are not for anonymous callers. Readiness is {@link ReadinessServlet}.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({"/health", "/health/live"})
@HttpWhiteboardServletName("crm-connector-health")
public class HealthServlet extends ReadOnlyServlet {

    private static final long serialVersionUID = 1L;

    private final transient TenantRegistry tenants;
    private final transient AdapterRouter router;
    private final transient AgentStreams streams;
    private final transient NodeIdentity node;
    private final transient Draining draining;
    private final transient Json json = new Json();

    @Activate
    public HealthServlet(@Reference TenantRegistry tenants, @Reference AdapterRouter router,
            @Reference AgentStreams streams, @Reference NodeIdentity node, @Reference Draining draining) {
        this.node = node;
        this.draining = draining;
        this.tenants = tenants;
        this.router = router;
        this.streams = streams;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        int total = 0;
        int unbound = 0;
        for (Tenant t : tenants.all()) {
            total++;
            if (router.current(t.adapterInstance()).isEmpty()) {
                unbound++;
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "UP");
        body.put("node", node.id());
        body.put("draining", draining.active());
        body.put("tenants", total);
        body.put("tenantsWithoutAdapter", unbound);
        body.put("adapterServices", router.all().size());
        body.put("openAgentStreams", streams.openStreams());
        byte[] bytes = json.write(body);
        resp.setContentType("application/json");
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }
}
