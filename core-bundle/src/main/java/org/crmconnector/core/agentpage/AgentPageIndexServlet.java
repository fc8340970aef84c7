package org.crmconnector.core.agentpage;

import java.io.IOException;
import java.io.InputStream;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;

/**
 * {@code /agent/} answers with the demo page itself (the resource service
 * maps files, not folders); {@code /agent} redirects there so the page's
 * relative links resolve. Exact patterns win over the resources' {@code /agent/*}.
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/agent",
        "osgi.http.whiteboard.servlet.pattern=/agent/",
        "osgi.http.whiteboard.servlet.name=crm-connector-agent-page"})
public class AgentPageIndexServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!req.getRequestURI().endsWith("/")) {
            resp.sendRedirect(req.getContextPath() + "/agent/");
            return;
        }
        byte[] page;
        try (InputStream in = AgentPageIndexServlet.class.getResourceAsStream("/agent/index.html")) {
            if (in == null) {
                resp.sendError(404);
                return;
            }
            page = in.readAllBytes();
        }
        resp.setContentType("text/html;charset=UTF-8");
        resp.setHeader("Cache-Control", "no-cache");
        resp.setContentLength(page.length);
        resp.getOutputStream().write(page);
    }
}
