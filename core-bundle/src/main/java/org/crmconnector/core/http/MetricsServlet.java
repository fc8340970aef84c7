package org.crmconnector.core.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.crmconnector.core.agent.AgentStreams;
import org.crmconnector.core.metrics.Metrics;
import org.crmconnector.core.tenant.ApiKeys;
import org.crmconnector.core.tenant.TenantRegistry;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/** {@code GET /metrics} in the Prometheus text format. */
@Component(service = Servlet.class, configurationPid = "org.crmconnector.metrics",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@HttpWhiteboardServletPattern("/metrics")
@HttpWhiteboardServletName("crm-connector-metrics")
@Designate(ocd = MetricsServlet.Config.class)
public class MetricsServlet extends ReadOnlyServlet {

    private static final long serialVersionUID = 1L;

    @ObjectClassDefinition(name = "CRM connector: metrics", description = "The Prometheus endpoint /metrics.")
    public @interface Config {
        @AttributeDefinition(name = "Scrape token", type = AttributeType.PASSWORD, required = false,
                description = "When set, scrapers must send 'Authorization: Bearer <token>'. Empty: open, for a private network.")
        String scrape_token() default "";
    }

    private final transient Metrics metrics;
    private final String tokenHash;

    @Activate
    public MetricsServlet(Config config, @Reference Metrics metrics, @Reference AgentStreams streams,
            @Reference TenantRegistry tenants) {
        this.metrics = metrics;
        this.tokenHash = config.scrape_token().isEmpty() ? null : ApiKeys.hash(config.scrape_token());
        metrics.gauge("crm_open_agent_streams", streams::openStreams);
        metrics.gauge("crm_tenants", () -> tenants.all().size());
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (tokenHash != null) {
            String h = req.getHeader("Authorization");
            String token = h != null && h.startsWith("Bearer ") ? h.substring(7).trim() : null;
            if (!ApiKeys.matches(token, java.util.List.of(tokenHash))) {
                resp.setStatus(401);
                resp.setHeader("WWW-Authenticate", "Bearer");
                resp.setContentType("application/json");
                resp.getOutputStream().write(
                        "{\"error\":{\"code\":\"BAD_CREDENTIALS\",\"message\":\"a scrape token is required\"}}"
                                .getBytes(StandardCharsets.UTF_8));
                return;
            }
        }
        byte[] body = metrics.prometheusText().getBytes(StandardCharsets.UTF_8);
        resp.setContentType("text/plain; version=0.0.4; charset=utf-8");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }
}
