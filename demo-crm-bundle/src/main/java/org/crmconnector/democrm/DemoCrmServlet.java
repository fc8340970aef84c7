package org.crmconnector.democrm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The demo CRM under {@code /demo-crm/}: a JSON API for lookups and activity
 * logging, and two HTML pages a screen pop can open. No authentication and
 * no persistence: it exists so a newcomer has a CRM to pop without setting
 * one up. Registered with plain whiteboard properties (no
 * {@code @HttpWhiteboard*} annotations) so the bundle adds no resolution
 * requirement beyond what core already needs.
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/demo-crm/*",
        "osgi.http.whiteboard.servlet.name=crm-connector-demo-crm"})
public class DemoCrmServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    /** Activities are small; anything larger is a mistake or abuse. */
    static final int MAX_BODY = 64 * 1024;

    private final transient DemoCrmStore store;
    private final transient ObjectMapper mapper = new ObjectMapper();

    public DemoCrmServlet() {
        this(DemoCrmStore.withSampleContacts());
    }

    DemoCrmServlet(DemoCrmStore store) {
        this.store = store;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        String method = req.getMethod();
        resp.setHeader("Content-Security-Policy", frameAncestors(req));
        resp.setHeader("X-Content-Type-Options", "nosniff");
        try {
            if (path.isEmpty()) {
                resp.sendRedirect(req.getContextPath() + req.getServletPath() + "/");
            } else if (path.equals("/")) {
                only(method, "GET");
                html(resp, DemoCrmPages.index(base(req), store.contacts(), store.activities()));
            } else if (path.equals("/api/contacts")) {
                only(method, "GET");
                String phone = req.getParameter("phone");
                List<Contact> found = phone == null ? store.contacts() : store.byPhone(phone);
                json(resp, 200, Map.of("results", found));
            } else if (path.equals("/api/activities")) {
                if ("POST".equals(method)) {
                    Map<String, Object> stored = store.addActivity(body(req));
                    resp.setHeader("Location", base(req) + "api/activities/" + stored.get("id"));
                    json(resp, 201, Map.of("id", stored.get("id")));
                } else {
                    only(method, "GET", "POST");
                    json(resp, 200, Map.of("results", store.activities()));
                }
            } else if (path.startsWith("/api/activities/") && path.indexOf('/', 16) < 0) {
                only(method, "PATCH");
                String id = path.substring(16);
                Map<String, Object> patched = store.patchActivity(id, body(req))
                        .orElseThrow(() -> new Refusal(404, "NOT_FOUND", "no activity '" + clip(id) + "'"));
                json(resp, 200, patched);
            } else if (path.startsWith("/contacts/") && path.indexOf('/', 10) < 0) {
                only(method, "GET");
                String id = path.substring(10);
                Contact c = store.contact(id).orElse(null);
                if (c == null) {
                    resp.setStatus(404);
                    html(resp, DemoCrmPages.notFound(base(req), id));
                } else {
                    html(resp, DemoCrmPages.contact(base(req), c, store.activitiesOf(id)));
                }
            } else {
                throw new Refusal(404, "NOT_FOUND", "no demo CRM resource here; see " + base(req));
            }
        } catch (Refusal r) {
            if (r.allow != null) {
                resp.setHeader("Allow", r.allow);
            }
            json(resp, r.status, Map.of("error", Map.of("code", r.code, "message", r.getMessage())));
        }
    }

    /**
     * Only the demo agent page may frame these pages: its request tab opens a
     * popped contact in an iframe. That page is this server, on the same port,
     * reached as localhost or 127.0.0.1 (the demo adapter's record URLs say
     * localhost, a browser test may say 127.0.0.1), so both names are allowed
     * and no other site is.
     */
    static String frameAncestors(HttpServletRequest req) {
        int port = req.getServerPort();
        return "frame-ancestors 'self' http://localhost:" + port + " http://127.0.0.1:" + port;
    }

    private static String base(HttpServletRequest req) {
        return req.getContextPath() + req.getServletPath() + "/";
    }

    private static void only(String method, String... allowed) {
        for (String a : allowed) {
            if (a.equals(method)) {
                return;
            }
        }
        String allow = String.join(", ", allowed);
        throw new Refusal(405, "METHOD_NOT_ALLOWED", method + " is not allowed here; use " + allow, allow);
    }

    private Map<String, Object> body(HttpServletRequest req) throws IOException {
        if (req.getContentLengthLong() > MAX_BODY) {
            throw new Refusal(413, "BODY_TOO_LARGE", "bodies are limited to " + MAX_BODY + " bytes");
        }
        byte[] bytes;
        try (InputStream in = req.getInputStream()) {
            bytes = in.readNBytes(MAX_BODY + 1);
        }
        if (bytes.length > MAX_BODY) {
            throw new Refusal(413, "BODY_TOO_LARGE", "bodies are limited to " + MAX_BODY + " bytes");
        }
        try {
            Map<String, Object> m = mapper.readValue(bytes, new TypeReference<LinkedHashMap<String, Object>>() {
            });
            if (m == null) {
                throw new Refusal(400, "INVALID_JSON", "the body must be a JSON object");
            }
            return m;
        } catch (JsonProcessingException e) {
            throw new Refusal(400, "INVALID_JSON", "the body must be a JSON object");
        }
    }

    private void json(HttpServletResponse resp, int status, Object body) throws IOException {
        byte[] bytes = mapper.writeValueAsBytes(body);
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }

    private static void html(HttpServletResponse resp, String page) throws IOException {
        byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
        resp.setContentType("text/html;charset=UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }

    static String clip(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }

    private static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;
        final String code;
        final String allow;

        Refusal(int status, String code, String message) {
            this(status, code, message, null);
        }

        Refusal(int status, String code, String message, String allow) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
            this.allow = allow;
        }
    }
}
