package org.crmconnector.core.http;

import jakarta.servlet.http.HttpServletRequest;

import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.UriCompliance;

/**
 * The container's verdict on a request's URI: the violations Jetty found when
 * it parsed it, judged by Jetty's own default rules (RFC 3986, nothing
 * ambiguous). The only place that knows the server runs on Jetty.
 */
final class JettyUriViolations {

    private JettyUriViolations() {
    }

    /** Why Jetty's default URI compliance refuses the request, or null when it does not. */
    static String refusedByDefault(HttpServletRequest req) {
        HttpURI uri;
        try {
            uri = ServletContextRequest.getServletContextRequest(req).getHttpURI();
        } catch (IllegalStateException notJetty) {
            return null;
        }
        if (uri == null || !uri.hasViolations()) {
            return null;
        }
        for (UriCompliance.Violation v : uri.getViolations()) {
            if (!UriCompliance.DEFAULT.allows(v)) {
                return v.getDescription();
            }
        }
        return null;
    }
}
