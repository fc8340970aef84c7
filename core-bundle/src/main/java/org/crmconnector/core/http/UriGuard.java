package org.crmconnector.core.http;

import java.io.IOException;
import java.util.function.Function;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.Preprocessor;

/**
 * Refuses request paths the container's default URI rules refuse (ambiguous
 * ones such as {@code %2e%2e}, {@code ..;}, {@code %2F} or {@code //}, encoded
 * backslashes, bad or truncated UTF-8, {@code %u} escapes), in the API's JSON
 * shape under {@code /api} and with the container's own error page elsewhere.
 * A request line the container cannot parse at all (an encoded NUL, a broken
 * escape) it still answers itself, before there is a path to look at.
 * <p>
 * Why here and not in the container: the container refuses such paths before
 * any whiteboard code runs, with an HTML page nothing of ours can replace. So
 * the server lets them through its connector ({@code
 * org.eclipse.jetty.UriComplianceMode=UNSAFE} in {@code conf/config.properties})
 * and this preprocessor, which runs before the whiteboard resolves any
 * servlet, applies the container's default rules to every path instead, with
 * the container's own verdict on each path. The two go together: that setting
 * without this bundle lets such paths reach every servlet.
 */
@Component(service = Preprocessor.class)
public class UriGuard implements Preprocessor {

    private final Function<HttpServletRequest, String> violation;

    public UriGuard() {
        this(JettyUriViolations::refusedByDefault);
    }

    /** @param violation why the container's default rules refuse the request's URI, or null when they do not */
    UriGuard(Function<HttpServletRequest, String> violation) {
        this.violation = violation;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) request;
        String why = violation.apply(req);
        if (why == null) {
            chain.doFilter(request, response);
            return;
        }
        HttpServletResponse resp = (HttpServletResponse) response;
        if (isApi(req.getRequestURI())) {
            JsonError.write(resp, 400, "INVALID_PATH", "the request path is not a valid URI path: " + why);
        } else {
            resp.sendError(400, why);
        }
    }

    /** Whether the raw (still encoded) path is under {@code /api}. */
    static boolean isApi(String rawPath) {
        return rawPath != null && (rawPath.equals("/api") || rawPath.startsWith("/api/"));
    }
}
