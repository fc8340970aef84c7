package org.crmconnector.core.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.OptionalLong;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.Preprocessor;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Logs failed Web Console logins and makes a client that keeps failing back
 * off, with the same counts and limits as the API's keys ({@link FailedLogins}).
 * <p>
 * A preprocessor, not a filter in the console's context: the console checks
 * the password in its context's {@code handleSecurity}, before any filter of
 * that context runs, so a filter never sees a refused login. A preprocessor
 * runs around all of it: it refuses a client in back-off before the console
 * is reached, and reads the console's verdict from the status afterwards.
 */
@Component(service = Preprocessor.class)
public class ConsoleLoginThrottle implements Preprocessor {

    /** Where the Web Console serves its pages: {@code felix.webconsole.manager.root} in {@code conf/config.properties}. */
    static final String CONSOLE_ROOT = "/system/console";

    private final FailedLogins failedLogins;

    @Activate
    public ConsoleLoginThrottle(@Reference FailedLogins failedLogins) {
        this.failedLogins = failedLogins;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) request;
        if (!isConsole(req)) {
            chain.doFilter(request, response);
            return;
        }
        HttpServletResponse resp = (HttpServletResponse) response;
        String client = req.getRemoteAddr();
        OptionalLong backOff = failedLogins.consoleBackOff(client);
        if (backOff.isPresent()) {
            // even the right password waits: otherwise the answer would tell a guesser when it guessed right
            resp.setStatus(429);
            resp.setHeader("Retry-After", String.valueOf(backOff.getAsLong()));
            resp.setContentType("text/plain; charset=utf-8");
            resp.getWriter().print("Too many failed Web Console logins from this address; try again later.\n");
            return;
        }
        chain.doFilter(request, response);
        String authorization = req.getHeader("Authorization");
        if (authorization == null) {
            return; // a browser's first request, before it asks the operator: no login was tried
        }
        int status = resp.getStatus();
        if (status == 401) {
            failedLogins.consoleFailed(client, userTried(authorization));
        } else if (status >= 200 && status < 400) {
            failedLogins.consoleSucceeded(client);
        }
    }

    /**
     * Whether the request goes to the Web Console, by the decoded path the
     * whiteboard resolves servlets by (so an encoded path cannot slip past).
     */
    static boolean isConsole(HttpServletRequest req) {
        String servletPath = req.getServletPath();
        String pathInfo = req.getPathInfo();
        String path = (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
        return path.equals(CONSOLE_ROOT) || path.startsWith(CONSOLE_ROOT + "/");
    }

    /** The user name in a Basic {@code Authorization} header, "?" when there is none to read; never the password. */
    static String userTried(String authorization) {
        if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return "?";
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return "?";
        }
        int colon = decoded.indexOf(':');
        // without a colon there is no telling name from password: log neither
        return colon < 0 ? "?" : decoded.substring(0, colon);
    }
}
