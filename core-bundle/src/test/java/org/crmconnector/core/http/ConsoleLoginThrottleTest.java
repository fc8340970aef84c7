package org.crmconnector.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Failed Web Console logins are logged and, past the limit, answered 429 whatever the password. */
class ConsoleLoginThrottleTest {

    private static final String PASSWORD = "s3cret-Pa55";

    /** A request as the container hands it to preprocessors: the whole decoded path in servlet path and path info. */
    static final class Request {
        String servletPath = "";
        String pathInfo = "/system/console/bundles";
        String remoteAddr = "127.0.0.1";
        String authorization;

        HttpServletRequest proxy() {
            return (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {HttpServletRequest.class}, (p, m, args) -> switch (m.getName()) {
                        case "getServletPath" -> servletPath;
                        case "getPathInfo" -> pathInfo;
                        case "getRemoteAddr" -> remoteAddr;
                        case "getHeader" -> "authorization".equalsIgnoreCase((String) args[0]) ? authorization : null;
                        default -> null;
                    });
        }
    }

    /** What was answered: the console's status, or the throttle's own answer. */
    static final class Response {
        int status = 200;
        final Map<String, String> headers = new HashMap<>();
        final StringWriter body = new StringWriter();

        HttpServletResponse proxy() {
            PrintWriter writer = new PrintWriter(body, true);
            return (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {HttpServletResponse.class}, (p, m, args) -> {
                        switch (m.getName()) {
                            case "setStatus" -> status = (Integer) args[0];
                            case "setHeader" -> headers.put((String) args[0], (String) args[1]);
                            case "getStatus" -> {
                                return status;
                            }
                            case "getWriter" -> {
                                return writer;
                            }
                            default -> {
                                return null;
                            }
                        }
                        return null;
                    });
        }
    }

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final List<String> logged = new ArrayList<>();
    private final FailedLogins failedLogins = new FailedLogins(3, Duration.ofSeconds(60), now::get, logged::add);
    private final ConsoleLoginThrottle throttle = new ConsoleLoginThrottle(failedLogins);

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static Request login(String authorization) {
        Request r = new Request();
        r.authorization = authorization;
        return r;
    }

    /**
     * Sends {@code req} through the throttle to a console that answers
     * {@code consoleStatus}; the answer is in {@code resp}.
     *
     * @return whether the console was reached
     */
    private boolean send(Request req, int consoleStatus, Response resp) throws Exception {
        AtomicBoolean reached = new AtomicBoolean();
        throttle.doFilter(req.proxy(), resp.proxy(), (rq, rs) -> {
            reached.set(true);
            resp.status = consoleStatus;
        });
        return reached.get();
    }

    private boolean send(Request req, int consoleStatus) throws Exception {
        return send(req, consoleStatus, new Response());
    }

    @Test
    void afterTheLimitEvenTheRightPasswordIsAnswered429WithRetryAfter() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertTrue(send(login(basic("admin", "guess-" + i)), 401), "failure " + i + " still reaches the console");
        }
        Response held = new Response();
        assertFalse(send(login(basic("admin", PASSWORD)), 200, held), "the console is not asked");
        assertEquals(429, held.status);
        assertEquals("60", held.headers.get("Retry-After"));

        Request other = login(basic("admin", PASSWORD));
        other.remoteAddr = "10.0.0.2";
        assertTrue(send(other, 200), "another client address is not held up");

        now.addAndGet(Duration.ofSeconds(60).toNanos());
        assertTrue(send(login(basic("admin", PASSWORD)), 200), "the window ended");
    }

    @Test
    void onlyA401ToARequestCarryingCredentialsCounts() throws Exception {
        for (int i = 0; i < 5; i++) {
            send(login(null), 401); // the browser's first request, which asks for the password
            send(login(basic("admin", "x")), 403);
            send(login(basic("admin", "x")), 404);
            send(login(basic("admin", "x")), 500);
        }
        assertTrue(logged.isEmpty(), logged.toString());
        assertTrue(send(login(basic("admin", PASSWORD)), 200));
    }

    @Test
    void aSuccessfulLoginForgetsTheFailures() throws Exception {
        send(login(basic("admin", "a")), 401);
        send(login(basic("admin", "b")), 401);
        send(login(basic("admin", PASSWORD)), 302);
        send(login(basic("admin", "c")), 401);
        send(login(basic("admin", "d")), 401);
        assertTrue(send(login(basic("admin", PASSWORD)), 200));
    }

    @Test
    void requestsOutsideTheConsoleAreNeitherCountedNorHeld() throws Exception {
        for (int i = 0; i < 3; i++) {
            send(login(basic("admin", "guess-" + i)), 401);
        }
        Request api = login(basic("admin", "wrong"));
        api.pathInfo = "/api/v1/tenants/acme/interactions";
        assertTrue(send(api, 401), "the back-off is for the console only");
        Request lookalike = login(basic("admin", "wrong"));
        lookalike.pathInfo = "/system/consoleX";
        assertTrue(send(lookalike, 401));
        Request mounted = login(basic("admin", "wrong"));
        mounted.servletPath = "/system/console";
        mounted.pathInfo = null;
        assertFalse(send(mounted, 401), "the path is servlet path and path info together");
        assertEquals(3, logged.size(), "nothing recorded outside the console: " + logged);
    }

    @Test
    void theLogNamesClientAndUserButNeverThePassword() throws Exception {
        Request r = login(basic("operator", PASSWORD + "-typo"));
        r.remoteAddr = "10.0.0.9";
        send(r, 401);
        assertEquals(1, logged.size());
        String line = logged.get(0);
        assertTrue(line.contains("'operator'") && line.contains("10.0.0.9") && line.contains("1 of 3"), line);
        assertFalse(line.contains(PASSWORD), line);
    }

    @Test
    void theUserNameIsReadFromBasicCredentialsOnly() {
        assertEquals("admin", ConsoleLoginThrottle.userTried(basic("admin", "pass:with:colons")));
        assertEquals("?", ConsoleLoginThrottle.userTried("Bearer " + PASSWORD));
        assertEquals("?", ConsoleLoginThrottle.userTried("Basic not*base64"));
        String noColon = "Basic " + Base64.getEncoder().encodeToString(PASSWORD.getBytes(StandardCharsets.UTF_8));
        assertEquals("?", ConsoleLoginThrottle.userTried(noColon), "no telling a name from a password: neither is logged");
    }
}
