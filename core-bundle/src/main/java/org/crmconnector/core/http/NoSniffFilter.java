package org.crmconnector.core.http;

import java.io.IOException;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterAsyncSupported;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterPattern;

/**
 * {@code X-Content-Type-Options: nosniff} on everything served in the default
 * context (the API, /health, /metrics, the agent page and its scripts, the
 * demo CRM): a browser must never run an answer as a script or page because
 * its bytes look like one. Highest ranking, so it runs before filters that
 * answer by themselves; async, because the event streams are.
 */
@Component(service = Filter.class, property = "service.ranking:Integer=1000")
@HttpWhiteboardFilterPattern("/*")
@HttpWhiteboardFilterAsyncSupported
@HttpWhiteboardFilterName("crm-connector-nosniff")
public class NoSniffFilter implements Filter {

    static final String HEADER = "X-Content-Type-Options";

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (response instanceof HttpServletResponse http) {
            http.setHeader(HEADER, "nosniff");
            chain.doFilter(request, new KeptAcrossReset(http));
        } else {
            chain.doFilter(request, response);
        }
    }

    /** The API's error answers reset the response, which drops every header set before. */
    static final class KeptAcrossReset extends HttpServletResponseWrapper {

        KeptAcrossReset(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void reset() {
            super.reset();
            setHeader(HEADER, "nosniff");
        }
    }
}
