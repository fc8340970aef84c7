package org.crmconnector.core.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.crmconnector.core.agent.AgentStreams;
import org.crmconnector.core.node.NodeIdentity;
import org.crmconnector.core.metrics.Metrics;
import org.crmconnector.core.tenant.ApiKeys;
import org.crmconnector.core.tenant.TenantRegistry;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics} in the Prometheus text format. Its series are labelled
 * with tenant ids and adapter instance names, which are customers' names, so
 * a scraper needs a token unless the operator opened it on purpose.
 */
@Component(service = Servlet.class, configurationPid = "org.crmconnector.metrics",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@HttpWhiteboardServletPattern("/metrics")
@HttpWhiteboardServletName("crm-connector-metrics")
@Designate(ocd = MetricsServlet.Config.class)
public class MetricsServlet extends ReadOnlyServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServlet.class);
    /** The plain token of earlier versions: a service property anyone could read, so no longer taken. */
    static final String PLAIN_TOKEN = "scrape.token";

    @ObjectClassDefinition(name = "CRM connector: metrics",
            description = "The Prometheus endpoint /metrics. Its series name tenants and adapter instances, so scrapers "
                    + "need a token unless anonymous scrapes are allowed.")
    public @interface Config {
        // the leading dot keeps the hashes out of the service registry, like a tenant's key hashes
        @AttributeDefinition(name = "Scrape token hashes", required = false,
                description = "Tokens a scraper may send as 'Authorization: Bearer <token>', each as sha256:<hex> "
                        + "(the shell command crm:hashkey <token> prints one; several allow rotation). "
                        + "Without any, /metrics answers 401 unless anonymous scrapes are allowed.")
        String[] _scrape_token_hashes() default {};

        @AttributeDefinition(name = "Allow anonymous scrapes",
                description = "Serve /metrics to anyone, without a token. The series name every tenant and adapter "
                        + "instance: only for a server on a private network.")
        boolean anonymous_scrapes() default false;
    }

    private final transient Metrics metrics;
    /** The scrape tokens' digests, decoded once. */
    private final List<byte[]> tokenDigests;
    private final boolean anonymous;

    @Activate
    public MetricsServlet(Config config, Map<String, Object> properties, @Reference Metrics metrics,
            @Reference AgentStreams streams, @Reference TenantRegistry tenants, @Reference NodeIdentity node) {
        this(config, properties.containsKey(PLAIN_TOKEN), metrics);
        metrics.node(node.id());
        metrics.gauge("crm_open_agent_streams", streams::openStreams);
        metrics.gauge("crm_tenants", () -> tenants.all().size());
    }

    MetricsServlet(Config config, boolean plainTokenGiven, Metrics metrics) {
        this.metrics = metrics;
        List<String> hashes = new ArrayList<>();
        for (String h : config._scrape_token_hashes()) {
            if (h == null || h.isBlank()) {
                continue; // the Configuration tab's form sends one empty entry for an empty list
            }
            if (!ApiKeys.isHash(h.trim())) {
                throw new IllegalArgumentException(".scrape.token.hashes entries must be sha256:<64 hex digits>");
            }
            hashes.add(h.trim().toLowerCase());
        }
        this.tokenDigests = ApiKeys.digestsOf(hashes);
        this.anonymous = config.anonymous_scrapes();
        if (plainTokenGiven) {
            LOG.error("/metrics: scrape.token is no longer read (it was a service property anyone could read); put the "
                    + "output of crm:hashkey <token> in .scrape.token.hashes of org.crmconnector.metrics");
        }
        if (tokenDigests.isEmpty() && !anonymous) {
            LOG.info("/metrics answers 401 until org.crmconnector.metrics has .scrape.token.hashes "
                    + "(or anonymous.scrapes=true on a private network)");
        }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!anonymous && !authorised(req.getHeader("Authorization"))) {
            resp.setStatus(401);
            resp.setHeader("WWW-Authenticate", "Bearer");
            resp.setContentType("application/json");
            resp.getOutputStream().write(
                    "{\"error\":{\"code\":\"BAD_CREDENTIALS\",\"message\":\"a scrape token is required\"}}"
                            .getBytes(StandardCharsets.UTF_8));
            return;
        }
        byte[] body = metrics.prometheusText().getBytes(StandardCharsets.UTF_8);
        resp.setContentType("text/plain; version=0.0.4; charset=utf-8");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }

    private boolean authorised(String header) {
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
        return ApiKeys.matchesDigest(token, tokenDigests);
    }
}
