package org.crmconnector.core.http;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.crmconnector.core.additions.AdditionResource;
import org.crmconnector.core.admin.AdminResource;
import org.crmconnector.core.admin.Operators;
import org.crmconnector.core.agent.AgentStreams;
import org.crmconnector.core.json.Json;
import org.crmconnector.core.lifecycle.InteractionRegistry;
import org.crmconnector.core.lifecycle.LifecycleException;
import org.crmconnector.core.metrics.Metrics;
import org.crmconnector.core.outbox.Outbox;
import org.crmconnector.core.outbox.OutboxFullException;
import org.crmconnector.core.refusal.Refusal;
import org.crmconnector.core.routing.AdapterRouter;
import org.crmconnector.core.softphone.SoftphoneEvents;
import org.crmconnector.core.streamtoken.StreamTokens;
import org.crmconnector.core.tenant.Tenant;
import org.crmconnector.core.tenant.TenantRegistry;
import org.crmconnector.core.web.ApiException;
import org.crmconnector.core.web.ApiRequest;
import org.crmconnector.core.web.ApiResource;
import org.crmconnector.store.InteractionStoreException;
import org.crmconnector.store.OutboxStoreException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletAsyncSupported;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tenant API under {@code /api/v1/tenants/{tenantId}/...}: authenticates
 * the tenant's key, then hands the request to the resource for its path. The
 * operator API under {@code /api/v1/admin/...} likewise, with an operator's
 * key, never a tenant's.
 * Every refusal is a JSON error with a 4xx status; nothing a client sends
 * can produce a 500.
 * <p>
 * The vendor protocols' resources live in their own packages and are found by
 * their {@link ApiResource#ROUTE}. Each is a static, mandatory reference: the
 * API is registered only once every route it answers is there, so no request
 * meets a route that is missing.
 */
@Component(service = Servlet.class, configurationPid = "org.crmconnector.http")
@HttpWhiteboardServletPattern("/api/v1/*")
@HttpWhiteboardServletAsyncSupported
@HttpWhiteboardServletName("crm-connector-api")
@Designate(ocd = ApiConfig.class)
public class ApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);
    /** The resources under a tenant, as {@link #service} routes them. */
    static final Set<String> ROUTES = Set.of("softphone", "crm-connect", "interactions", "click2dial", "agents",
            "delivery", "dead-letters", "unlogged", "interaction-events");

    private final transient TenantRegistry tenants;
    private final transient Metrics metrics;
    private final transient FailedLogins failedLogins;
    private final transient Json json = new Json();
    private final transient ApiResource softphone;
    private final transient ApiResource crmConnect;
    private final transient ApiResource interactionEvents;
    private final transient ApiResource additions;
    private final transient InteractionResource interactions;
    private final transient AgentResource agents;
    private final transient DeliveryResource delivery;
    private final transient Credentials credentials;
    private final transient Operators operators;
    private final transient ApiResource admin;
    private final int maxBody;
    private final byte[] openApi;

    @Activate
    public ApiServlet(ApiConfig config, @Reference TenantRegistry tenants, @Reference InteractionRegistry registry,
            @Reference SoftphoneEvents events, @Reference AgentStreams agentStreams, @Reference AdapterRouter router,
            @Reference Outbox outbox, @Reference Metrics metrics, @Reference StreamTokens streamTokens,
            @Reference FailedLogins failedLogins,
            @Reference(target = "(" + ApiResource.ROUTE + "=softphone)") ApiResource softphone,
            @Reference(target = "(" + ApiResource.ROUTE + "=crm-connect)") ApiResource crmConnect,
            @Reference(target = "(" + ApiResource.ROUTE + "=interaction-events)") ApiResource interactionEvents,
            @Reference(target = "(" + ApiResource.ROUTE + "=" + AdditionResource.ROUTE + ")") ApiResource additions,
            @Reference Operators operators,
            @Reference(target = "(" + ApiResource.ROUTE + "=" + AdminResource.ROUTE + ")") ApiResource admin)
            throws IOException {
        this.tenants = tenants;
        this.metrics = metrics;
        this.failedLogins = failedLogins;
        this.maxBody = Math.max(1024, config.max_body_bytes());
        this.credentials = new Credentials(streamTokens, config.allow_query_token());
        this.softphone = softphone;
        this.crmConnect = crmConnect;
        this.interactionEvents = interactionEvents;
        this.additions = additions;
        this.operators = operators;
        this.admin = admin;
        this.interactions = new InteractionResource(registry, events, router, agentStreams, json);
        this.agents = new AgentResource(agentStreams, streamTokens);
        this.delivery = new DeliveryResource(outbox);
        try (var in = ApiServlet.class.getResourceAsStream("/openapi.json")) {
            this.openApi = in == null ? "{}".getBytes() : in.readAllBytes();
        }
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        long start = System.nanoTime();
        String route = "unmatched";
        String tenantLabel = "-";
        try {
            List<String> segments = segments(req.getPathInfo());
            if (segments.size() == 1 && segments.get(0).equals("openapi.json") && "GET".equals(req.getMethod())) {
                route = "openapi";
                resp.setContentType("application/json");
                resp.getOutputStream().write(openApi);
                return;
            }
            if (!segments.isEmpty() && segments.get(0).equals(AdminResource.ROUTE)) {
                route = AdminResource.ROUTE;
                operatorRequest(req, resp, segments, start);
                return;
            }
            if (segments.size() < 3 || !segments.get(0).equals("tenants")) {
                throw ApiException.notFound("no such resource; tenant resources are under /api/v1/tenants/{tenantId}/");
            }
            String client = req.getRemoteAddr();
            OptionalLong backOff = failedLogins.backOff(client, segments.get(1));
            if (backOff.isPresent()) {
                error(resp, 429, "TOO_MANY_FAILED_LOGINS", "too many wrong API keys from this address for this tenant; "
                        + "try again later", (int) Math.min(Integer.MAX_VALUE, backOff.getAsLong()));
                return;
            }
            Tenant tenant = authenticate(req, client, segments);
            tenantLabel = tenant.id();
            ApiRequest request = new ApiRequest(req, resp, tenant, segments.subList(2, segments.size()), json, maxBody, start);
            String name = segments.get(2);
            route = routeLabel(name);
            Object result = switch (name) {
                case "softphone" -> softphone.handle(request);
                case "crm-connect" -> crmConnect.handle(request);
                case "interactions", "click2dial" -> AdditionResource.handles(request) ? additions.handle(request)
                        : interactions.handle(request);
                case "agents" -> agents.handle(request, interactions);
                case "delivery", "dead-letters", "unlogged" -> delivery.handle(request);
                case "interaction-events" -> interactionEvents.handle(request);
                default -> throw ApiException.notFound("no resource '" + ApiException.clip(name) + "' for tenants");
            };
            if (result != ApiResource.STREAMING) {
                write(resp, resp.getStatus(), result);
            }
        } catch (ApiException e) {
            error(resp, e.status(), e.code(), e.getMessage());
        } catch (Refusal e) {
            error(resp, RefusalStatus.of(e.kind()), e.code(), e.getMessage());
        } catch (LifecycleException e) {
            error(resp, RefusalStatus.of(e.code().kind()), e.code().name(), e.getMessage());
        } catch (OutboxFullException e) {
            // the tenant's CRM has been away long enough to fill its queue: the caller retries later
            error(resp, 503, "DELIVERY_BACKLOG_FULL", e.getMessage(), 30);
        } catch (OutboxStoreException e) {
            LOG.error("The outbox could not store work for {}: {}", req.getRequestURI(), e.getMessage());
            error(resp, 503, "STORE_UNAVAILABLE", "the delivery store is unavailable; nothing was changed, try again", 5);
        } catch (InteractionStoreException e) {
            LOG.error("The interaction store could not save a change for {}: {}", req.getRequestURI(), e.getMessage());
            error(resp, 503, "STORE_UNAVAILABLE", "the interaction store is unavailable; nothing was changed, try again",
                    5);
        } catch (IOException e) {
            // the client went away mid-answer; nothing to tell it
            LOG.debug("I/O error answering {}: {}", req.getRequestURI(), e.toString());
        } catch (RuntimeException e) {
            LOG.error("Unexpected failure on {} {}", req.getMethod(), req.getRequestURI(), e);
            error(resp, 500, "INTERNAL_ERROR", "unexpected server error; it has been logged");
        } finally {
            metrics.apiRequest(tenantLabel, route, String.valueOf(resp.getStatus()));
        }
    }

    /** An operator API request: its key is an operator's, with a back-off of its own per client. */
    private void operatorRequest(HttpServletRequest req, HttpServletResponse resp, List<String> segments, long start)
            throws IOException {
        String client = req.getRemoteAddr();
        OptionalLong backOff = failedLogins.operatorBackOff(client);
        if (backOff.isPresent()) {
            error(resp, 429, "TOO_MANY_FAILED_LOGINS", "too many wrong operator keys from this address; try again later",
                    (int) Math.min(Integer.MAX_VALUE, backOff.getAsLong()));
            return;
        }
        String header = req.getHeader("Authorization");
        String key = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
        if (key == null) {
            throw new ApiException(401, "MISSING_CREDENTIALS", "send an operator key as 'Authorization: Bearer <key>'");
        }
        String operator = operators.authenticate(key).orElse(null);
        if (operator == null) {
            failedLogins.operatorFailed(client);
            throw new ApiException(401, "BAD_CREDENTIALS", operators.any() ? "the key is not an operator key"
                    : "the key is not an operator key; no operator keys are configured (" + Operators.PID + ")");
        }
        failedLogins.operatorSucceeded(client);
        ApiRequest request = ApiRequest.ofOperator(req, resp, operator, segments.subList(1, segments.size()), json,
                operators.maxBodyBytes(), start);
        Object result = admin.handle(request);
        if (result != ApiResource.STREAMING) {
            write(resp, resp.getStatus(), result);
        }
    }

    /**
     * The tenant the request's credentials open. A tenant that does not exist
     * is answered exactly as a wrong key is (same status, code, message and
     * work), so no one without a key can tell which tenants exist; every wrong
     * key counts towards the client's back-off.
     */
    private Tenant authenticate(HttpServletRequest req, String client, List<String> segments) {
        String tenantId = segments.get(1);
        Optional<Tenant> tenant = tenants.find(tenantId);
        try {
            credentials.check(req, tenantId, tenant, segments);
        } catch (ApiException refused) {
            if ("BAD_CREDENTIALS".equals(refused.code())) {
                failedLogins.failed(client, tenantId);
            }
            throw refused;
        }
        failedLogins.succeeded(client, tenantId);
        // only a stream token can get here without a tenant: one issued before the tenant was removed
        return tenant.orElseThrow(() -> new ApiException(401, "BAD_CREDENTIALS", "the API key is not valid for this tenant"));
    }

    private void write(HttpServletResponse resp, int status, Object body) throws IOException {
        if (resp.isCommitted()) {
            return;
        }
        byte[] bytes = json.write(body == null ? Map.of() : body);
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }

    private void error(HttpServletResponse resp, int status, String code, String message) throws IOException {
        error(resp, status, code, message, 0);
    }

    private void error(HttpServletResponse resp, int status, String code, String message, int retryAfterSeconds)
            throws IOException {
        if (resp.isCommitted()) {
            return;
        }
        // reset() drops every header, including the Allow a 405 must carry (RFC 9110 15.5.6)
        String allow = status == 405 ? resp.getHeader("Allow") : null;
        resp.reset();
        if (retryAfterSeconds > 0) {
            resp.setHeader("Retry-After", String.valueOf(retryAfterSeconds));
        }
        if (allow != null) {
            resp.setHeader("Allow", allow);
        }
        if (status == 401) {
            resp.setHeader("WWW-Authenticate", "Bearer");
        }
        write(resp, status, Map.of("error", Map.of("code", code, "message", message == null ? code : message)));
    }

    /**
     * The request metrics' route label: a route of the table above, else
     * {@code unknown}. Never the raw segment: each label value is a series
     * kept for the server's life, and clients choose what they send.
     */
    static String routeLabel(String segment) {
        return ROUTES.contains(segment) ? segment : "unknown";
    }

    static List<String> segments(String pathInfo) {
        List<String> out = new ArrayList<>();
        if (pathInfo != null) {
            for (String s : pathInfo.split("/")) {
                if (!s.isEmpty()) {
                    out.add(s);
                }
            }
        }
        return out;
    }
}
