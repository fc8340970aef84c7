package org.crmconnector.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Bad paths are refused before any servlet: as the API's JSON error under /api, with the container's page elsewhere. */
class UriGuardTest {

    /** What the guard answered. */
    static final class Answer {
        final Map<String, Object> calls = new HashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean passedOn;

        String text() {
            return body.toString(StandardCharsets.UTF_8);
        }
    }

    private static Answer send(String rawPath, String violation) throws Exception {
        Answer a = new Answer();
        HttpServletRequest req = (HttpServletRequest) Proxy.newProxyInstance(UriGuardTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (p, m, args) -> m.getName().equals("getRequestURI") ? rawPath : null);
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public void write(int b) {
                a.body.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
            }
        };
        HttpServletResponse resp = (HttpServletResponse) Proxy.newProxyInstance(UriGuardTest.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (p, m, args) -> {
                    switch (m.getName()) {
                        case "getOutputStream":
                            return out;
                        case "isCommitted":
                            return false;
                        case "setStatus", "setContentType", "sendError":
                            a.calls.put(m.getName(), args[0]);
                            return null;
                        default:
                            return null;
                    }
                });
        new UriGuard(r -> violation).doFilter(req, resp, (rq, rs) -> a.passedOn = true);
        return a;
    }

    @Test
    void aBadPathUnderApiGetsTheApisJsonError() throws Exception {
        Answer a = send("/api/v1/tenants/acme/%2e%2e/interactions", "Ambiguous URI path segment");
        assertFalse(a.passedOn);
        assertEquals(400, a.calls.get("setStatus"));
        assertEquals("application/json", a.calls.get("setContentType"));
        JsonNode error = new ObjectMapper().readTree(a.text()).path("error");
        assertEquals("INVALID_PATH", error.path("code").asText());
        assertEquals("the request path is not a valid URI path: Ambiguous URI path segment", error.path("message").asText());
        assertNull(a.calls.get("sendError"));
    }

    @Test
    void aBadPathElsewhereGetsTheContainersOwnRefusal() throws Exception {
        Answer a = send("/agent/%2e%2e/index.html", "Ambiguous URI path segment");
        assertFalse(a.passedOn, "the guard refuses every path the container's rules refuse");
        assertEquals(400, a.calls.get("sendError"));
        assertEquals("", a.text());
    }

    @Test
    void aGoodPathPassesOn() throws Exception {
        Answer a = send("/api/v1/tenants/acme/interactions", null);
        assertTrue(a.passedOn);
        assertTrue(a.calls.isEmpty());
    }

    @Test
    void apiMeansTheApiPrefixOnly() {
        assertTrue(UriGuard.isApi("/api"));
        assertTrue(UriGuard.isApi("/api/v1/x"));
        assertTrue(UriGuard.isApi("/api/v9"));
        assertFalse(UriGuard.isApi("/apix/v1"));
        assertFalse(UriGuard.isApi("/agent/api/"));
        assertFalse(UriGuard.isApi(null));
    }
}
