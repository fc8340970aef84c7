package org.crmconnector.core.agentpage;

import java.io.IOException;
import java.io.InputStream;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterPattern;

/**
 * {@code /agent/} answers with the demo page itself and {@code /agent}
 * redirects there, so the page's relative links resolve. Without this the
 * resources' {@code /agent/*} answers both with the empty folder entry.
 * Why a filter over all of {@code /agent/*} that acts on those two paths
 * only: on Felix HTTP Jetty 12 (1.1.8) a servlet or filter registered for the
 * exact patterns {@code /agent} and {@code /agent/} was never taken into use
 * (its component stayed unused, the folder entry still answered), while a
 * filter with the same path pattern as the resources runs before them.
 */
@Component(service = Filter.class)
@HttpWhiteboardFilterPattern("/agent/*")
@HttpWhiteboardFilterName("crm-connector-agent-page-index")
public class AgentPageIndex implements Filter {

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
            resp.sendRedirect(req.getContextPath() + "/agent/");
            return;
        }
        if (!path.equals("/agent/")) {
            chain.doFilter(request, response);
            return;
        }
        byte[] page;
        try (InputStream in = AgentPageIndex.class.getResourceAsStream("/agent/index.html")) {
            if (in == null) {
                resp.sendError(404);
                return;
            }
            page = in.readAllBytes();
        }
        resp.setContentType("text/html;charset=UTF-8");
        resp.setHeader("Cache-Control", "no-cache");
        resp.setContentLength(page.length);
        if ("GET".equals(req.getMethod())) {
            resp.getOutputStream().write(page);
        }
    }
}
