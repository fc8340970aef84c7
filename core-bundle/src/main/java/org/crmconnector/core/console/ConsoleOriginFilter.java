package org.crmconnector.core.console;

import java.io.IOException;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Refuses cross-site requests to every page of the Felix Web Console, not only
 * ours. The console authenticates with HTTP basic, which a browser sends along
 * with a form posted from any other site, so a hostile page an operator visits
 * could otherwise create tenants, repoint adapters or stop bundles. A request
 * that may change state must name this host in its Origin (or, lacking one,
 * its Referer), as {@link CsrfGuard} already asks of the CRM Connector page.
 * <p>
 * The filter sits in the Web Console's own servlet context (it selects the
 * context by the name the console registers), so it sees every console
 * request after the console has authenticated it.
 */
@Component(service = Filter.class)
@HttpWhiteboardContextSelect("(osgi.http.whiteboard.context.name=" + ConsoleOriginFilter.WEB_CONSOLE_CONTEXT + ")")
@HttpWhiteboardFilterPattern("/*")
@HttpWhiteboardFilterName("crm-connector-console-origin")
public class ConsoleOriginFilter implements Filter {

    /** The name Felix Web Console 5 gives its servlet context. */
    static final String WEB_CONSOLE_CONTEXT = "org.apache.felix.webconsole";

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleOriginFilter.class);
    private static final String REFUSED = "Refused: a request that changes the server must come from this console's "
            + "own pages (its Origin or Referer must name this host).\n";

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        if (!changesState(http) || CsrfGuard.sameOrigin(http)) {
            chain.doFilter(request, response);
            return;
        }
        LOG.warn("Web Console: refused a cross-site {} {} by user '{}' from {} (Origin {}, Referer {})", http.getMethod(),
                http.getRequestURI(), CsrfGuard.user(http), http.getRemoteAddr(), http.getHeader("Origin"),
                http.getHeader("Referer"));
        HttpServletResponse answer = (HttpServletResponse) response;
        answer.setStatus(403);
        answer.setContentType("text/plain; charset=utf-8");
        answer.getWriter().print(REFUSED);
    }

    /**
     * Any method but GET and HEAD; and a GET carrying {@code post}, which the
     * Configuration tab handles exactly as a POST (it can create, change and
     * delete configurations that way).
     */
    static boolean changesState(HttpServletRequest request) {
        String method = request.getMethod();
        boolean read = "GET".equals(method) || "HEAD".equals(method);
        return !read || request.getParameter("post") != null;
    }
}
