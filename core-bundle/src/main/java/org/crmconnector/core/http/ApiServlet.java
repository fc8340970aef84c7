package org.crmconnector.core.http;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.crmconnector.core.agent.AgentStreams;
import org.crmconnector.core.channels.ChannelEvent;
import org.crmconnector.core.channels.ChannelEvents;
import org.crmconnector.core.json.Json;
import org.crmconnector.core.lifecycle.InteractionRegistry;
import org.crmconnector.core.lifecycle.LifecycleException;
import org.crmconnector.core.metrics.Metrics;
import org.crmconnector.core.outbox.Outbox;
import org.crmconnector.core.outbox.OutboxFullException;
import org.crmconnector.core.outbox.OutboxStoreException;
import org.crmconnector.core.pop.ScreenPops;
import org.crmconnector.core.refusal.Refusal;
import org.crmconnector.core.routing.AdapterRouter;
import org.crmconnector.core.softphone.SoftphoneEvents;
import org.crmconnector.core.tenant.Tenant;
import org.crmconnector.core.tenant.TenantRegistry;
import org.crmconnector.interaction.Interaction;
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
 * the tenant's key, then hands the request to the resource for its path.
 * Every refusal is a JSON error with a 4xx status; nothing a client sends
 * can produce a 500.
 */
@Component(service = Servlet.class, configurationPid = "org.crmconnector.http")
@HttpWhiteboardServletPattern("/api/v1/*")
@HttpWhiteboardServletAsyncSupported
@HttpWhiteboardServletName("crm-connector-api")
@Designate(ocd = ApiConfig.class)
public class ApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);

    private final transient TenantRegistry tenants;
    private final transient Metrics metrics;
    private final transient Json json = new Json();
    private final transient SoftphoneResource softphone;
    private final transient InteractionResource interactions;
    private final transient CrmConnectResource crmConnect;
    private final transient StreamResource streams;
    private final transient DeliveryResource delivery;
    private final transient ChannelEvents channels;
    private final int maxBody;
    private final boolean queryToken;
    private final byte[] openApi;

    @Activate
    public ApiServlet(ApiConfig config, @Reference TenantRegistry tenants, @Reference InteractionRegistry registry,
            @Reference SoftphoneEvents events, @Reference ScreenPops pops, @Reference AgentStreams agentStreams,
            @Reference AdapterRouter router, @Reference Outbox outbox, @Reference ChannelEvents channels,
            @Reference Metrics metrics) throws IOException {
        this.channels = channels;
        this.tenants = tenants;
        this.metrics = metrics;
        this.maxBody = Math.max(1024, config.max_body_bytes());
        this.queryToken = config.allow_query_token();
        this.softphone = new SoftphoneResource(events);
        this.interactions = new InteractionResource(registry, events, router, agentStreams, json);
        this.crmConnect = new CrmConnectResource(registry, events, pops);
        this.streams = new StreamResource(agentStreams, json);
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
            if (segments.size() < 3 || !segments.get(0).equals("tenants")) {
                throw ApiException.notFound("no such resource; tenant resources are under /api/v1/tenants/{tenantId}/");
            }
            Tenant tenant = tenants.find(segments.get(1))
                    .orElseThrow(() -> new ApiException(404, "UNKNOWN_TENANT", "no tenant '" + clip(segments.get(1)) + "'"));
            tenantLabel = tenant.id();
            authenticate(req, tenant);
            ApiRequest request = new ApiRequest(req, resp, tenant, segments.subList(2, segments.size()), json, maxBody, start);
            route = segments.get(2);
            Object result = switch (route) {
                case "softphone" -> softphone.handle(request, streams);
                case "crm-connect" -> crmConnect.handle(request);
                case "interactions", "click2dial" -> interactions.handle(request);
                case "agents" -> streams.handleAgents(request, interactions);
                case "delivery", "dead-letters" -> delivery.handle(request);
                case "interaction-events" -> channelEvent(request);
                default -> throw ApiException.notFound("no resource '" + clip(route) + "' for tenants");
            };
            if (result != StreamResource.STREAMING) {
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

    /** {@code POST interaction-events/{event}}: the seed 003 lifecycle for calls, chats, emails and social. */
    private Object channelEvent(ApiRequest request) {
        if (request.depth() != 2) {
            throw ApiException.notFound("use POST interaction-events/{event}, e.g. interaction-events/chatOffered");
        }
        SoftphoneResource.requireMethod(request, "POST");
        ChannelEvents.Name name = ChannelEvents.parse(request.segment(1));
        Interaction after = channels.handle(request.tenant(), name, request.body(ChannelEvent.class), request.startNanos);
        return Map.of("event", request.segment(1), "interactionId", after.interactionId, "state", after.state);
    }

    private void authenticate(HttpServletRequest req, Tenant tenant) {
        String header = req.getHeader("Authorization");
        String key = null;
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            key = header.substring(7).trim();
        } else if (header == null && queryToken && "GET".equals(req.getMethod()) && isEventStream(req.getPathInfo())) {
            key = req.getParameter("access_token");
        }
        if (key == null || !tenant.acceptsKey(key)) {
            throw new ApiException(401, key == null ? "MISSING_CREDENTIALS" : "BAD_CREDENTIALS",
                    key == null ? "send the tenant's API key as 'Authorization: Bearer <key>'"
                            : "the API key is not valid for this tenant");
        }
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

    /** The SSE endpoints, the only ones a browser's EventSource opens without an Authorization header. */
    static boolean isEventStream(String pathInfo) {
        return pathInfo != null && (pathInfo.endsWith("/softphone/callbacks") || pathInfo.matches(".*/agents/[^/]+/events"));
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

    /** Echo at most a little of what the client sent, so errors never amplify input. */
    static String clip(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }
}
