package org.crmconnector.core.agentpage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.crmconnector.core.tenant.TenantRegistry;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterPattern;

/**
 * {@code /agent/} (and {@code /agent/index.html}) answers with the agent page
 * of the tenant named by {@code ?tenant=}, with that tenant's
 * {@link PageEmbedding}; {@code /agent} redirects there, so the page's
 * relative links resolve. Without this the resources' {@code /agent/*}
 * answers the first with the empty folder entry and the second as a plain
 * file that any site could frame.
 * Why a filter over all of {@code /agent/*} that acts on those paths
 * only: on Felix HTTP Jetty 12 (1.1.8) a servlet or filter registered for the
 * exact patterns {@code /agent} and {@code /agent/} was never taken into use
 * (its component stayed unused, the folder entry still answered), while a
 * filter with the same path pattern as the resources runs before them.
 */
@Component(service = Filter.class)
@HttpWhiteboardFilterPattern("/agent/*")
@HttpWhiteboardFilterName("crm-connector-agent-page-index")
public class AgentPageIndex implements Filter {

    private final TenantRegistry tenants;
    private final String page;

    @Activate
    public AgentPageIndex(@Reference TenantRegistry tenants) throws IOException {
        this.tenants = tenants;
        try (InputStream in = AgentPageIndex.class.getResourceAsStream("/agent/index.html")) {
            this.page = in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) request;
        HttpServletResponse resp = (HttpServletResponse) response;
        String path = req.getRequestURI().substring(req.getContextPath().length());
        if (!"GET".equals(req.getMethod()) && !"HEAD".equals(req.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        if (path.equals("/agent")) {
            String query = req.getQueryString();
            resp.sendRedirect(req.getContextPath() + "/agent/" + (query == null ? "" : "?" + query));
            return;
        }
        if (!path.equals("/agent/") && !path.equals("/agent/index.html")) {
            chain.doFilter(request, response);
            return;
        }
        if (page == null) {
            resp.sendError(404);
            return;
        }
        PageEmbedding embedding = PageEmbedding.of(tenants.find(req.getParameter("tenant")));
        byte[] body = embedding.fillIn(page).getBytes(StandardCharsets.UTF_8);
        resp.setContentType("text/html;charset=UTF-8");
        resp.setHeader("Cache-Control", "no-cache");
        resp.setHeader("Content-Security-Policy", embedding.contentSecurityPolicy());
        resp.setContentLength(body.length);
        if ("GET".equals(req.getMethod())) {
            resp.getOutputStream().write(body);
        }
    }
}
