package org.crmconnector.core.http;

import java.io.IOException;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;

import org.crmconnector.core.node.Draining;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterAsyncSupported;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterPattern;

/**
 * Counts the API requests this node is answering, so a stopping node can wait
 * for them; while it drains, answers new ones 503 with {@code Retry-After}
 * and {@code Connection: close}, so clients retry on another node and do not
 * keep a connection to this one. An event stream counts only while it opens:
 * its request returns once it is asynchronous.
 */
@Component(service = Filter.class, property = "service.ranking:Integer=900")
@HttpWhiteboardFilterPattern("/api/*")
@HttpWhiteboardFilterAsyncSupported
@HttpWhiteboardFilterName("crm-connector-drain")
public class DrainFilter implements Filter {

    static final String RETRY_AFTER_SECONDS = "2";

    private final Draining draining;

    @Activate
    public DrainFilter(@Reference Draining draining) {
        this.draining = draining;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!draining.enter()) {
            HttpServletResponse http = (HttpServletResponse) response;
            http.setHeader("Retry-After", RETRY_AFTER_SECONDS);
            http.setHeader("Connection", "close");
            JsonError.write(http, 503, "DRAINING", "this node is stopping; retry, another node will answer");
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            draining.exit();
        }
    }
}
