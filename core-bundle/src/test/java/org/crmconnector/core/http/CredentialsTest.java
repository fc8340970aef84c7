package org.crmconnector.core.http;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.crmconnector.core.streamtoken.StreamTokenConfig;
import org.crmconnector.core.streamtoken.StreamTokens;
import org.crmconnector.core.tenant.ApiKeys;
import org.crmconnector.core.tenant.Tenant;
import org.crmconnector.core.tenant.TenantConfig;
import org.crmconnector.core.web.ApiException;
import org.crmconnector.testing.ComponentConfig;
import org.junit.jupiter.api.Test;

/** The tenant key in the header may do everything; a query string carries only a stream token for that agent's streams. */
class CredentialsTest {

    private static final String KEY = "acme-key-0c7d1e9a5b";
    private final Tenant acme = tenant("acme");
    private final StreamTokens tokens = new StreamTokens(ComponentConfig.of(StreamTokenConfig.class));
    private final Credentials credentials = new Credentials(tokens, true);

    private static Tenant tenant(String id) {
        return new Tenant(ComponentConfig.of(TenantConfig.class, "tenant_id", id, "adapter_instance", "x",
                "_api_key_hashes", new String[] {ApiKeys.hash(KEY)}));
    }

    @Test
    void theKeyInTheHeaderOpensEverything() {
        for (String path : new String[] {"/tenants/acme/agents/a1/events", "/tenants/acme/dead-letters/7"}) {
            assertDoesNotThrow(() -> check(request("DELETE", path, "Bearer " + KEY, Map.of())));
        }
        assertEquals("BAD_CREDENTIALS", refusal(request("GET", "/tenants/acme/interactions", "Bearer nope", Map.of())));
        assertEquals("MISSING_CREDENTIALS", refusal(request("GET", "/tenants/acme/interactions", "Basic eDp5", Map.of())));
        assertEquals("MISSING_CREDENTIALS", refusal(request("GET", "/tenants/acme/interactions", null, Map.of())));
    }

    @Test
    void theKeyIsNeverTakenFromTheQuery() {
        assertEquals("BAD_CREDENTIALS", refusal(request("GET", "/tenants/acme/agents/a1/events", null,
                Map.of("access_token", KEY))));
        assertEquals("BAD_CREDENTIALS", refusal(request("GET", "/tenants/acme/softphone/callbacks", null,
                Map.of("access_token", KEY, "agentId", "a1"))));
        assertEquals("BAD_CREDENTIALS", refusal(request("GET", "/tenants/acme/interactions", null,
                Map.of("access_token", KEY))));
    }

    @Test
    void aStreamTokenOpensThatAgentsTwoStreamsOnly() {
        String token = tokens.issue("acme", "a1").token();
        assertDoesNotThrow(() -> check(request("GET", "/tenants/acme/agents/a1/events", null,
                Map.of("access_token", token))));
        assertDoesNotThrow(() -> check(request("GET", "/tenants/acme/softphone/callbacks", null,
                Map.of("access_token", token, "agentId", "a1"))));
        // another agent's streams
        assertEquals("BAD_CREDENTIALS", refusal(request("GET", "/tenants/acme/agents/a2/events", null,
                Map.of("access_token", token))));
        assertEquals("BAD_CREDENTIALS", refusal(request("GET", "/tenants/acme/softphone/callbacks", null,
                Map.of("access_token", token, "agentId", "a2"))));
        // anything that is not a stream: reading interactions, the agent's other resources, dead letters
        for (String path : new String[] {"/tenants/acme/interactions", "/tenants/acme/agents/a1/presence",
                "/tenants/acme/agents/a1/stream-tokens", "/tenants/acme/dead-letters", "/tenants/acme/agents/a1/events/x"}) {
            for (String method : new String[] {"GET", "POST", "DELETE"}) {
                assertEquals("BAD_CREDENTIALS", refusal(request(method, path, null, Map.of("access_token", token))),
                        method + " " + path);
            }
        }
        // the stream itself with another method
        assertEquals("BAD_CREDENTIALS", refusal(request("POST", "/tenants/acme/agents/a1/events", null,
                Map.of("access_token", token))));
    }

    @Test
    void aStreamTokenIsNotATenantKey() {
        String token = tokens.issue("acme", "a1").token();
        assertEquals("BAD_CREDENTIALS", refusal(request("GET", "/tenants/acme/agents/a1/events", "Bearer " + token,
                Map.of())));
    }

    @Test
    void aStreamTokenOfAnotherTenantIsRefused() {
        String token = tokens.issue("globex", "a1").token();
        assertEquals("BAD_CREDENTIALS", refusal(request("GET", "/tenants/acme/agents/a1/events", null,
                Map.of("access_token", token))));
    }

    @Test
    void anUnknownTenantAnswersExactlyAsAWrongKey() {
        HttpServletRequest req = request("GET", "/tenants/nobody/interactions", "Bearer " + "k".repeat(32), Map.of());
        ApiException unknown = assertThrows(ApiException.class,
                () -> credentials.check(req, "nobody", Optional.empty(), ApiServlet.segments(req.getPathInfo())));
        ApiException wrong = assertThrows(ApiException.class, () -> check(req));
        assertEquals(wrong.status(), unknown.status());
        assertEquals(wrong.code(), unknown.code());
        assertEquals(wrong.getMessage(), unknown.getMessage());
    }

    @Test
    void queryTokensCanBeSwitchedOff() {
        Credentials off = new Credentials(tokens, false);
        HttpServletRequest req = request("GET", "/tenants/acme/agents/a1/events", null,
                Map.of("access_token", tokens.issue("acme", "a1").token()));
        assertEquals("BAD_CREDENTIALS",
                assertThrows(ApiException.class, () -> off.check(req, "acme", Optional.of(acme), ApiServlet.segments(req.getPathInfo()))).code());
    }

    @Test
    void onlyTheTwoEventStreamsNameAnAgent() {
        assertEquals("a1", Credentials.streamAgent(request("GET", "/tenants/t/agents/a1/events", null, Map.of()),
                ApiServlet.segments("/tenants/t/agents/a1/events")));
        assertEquals("a1", Credentials.streamAgent(request("GET", "/tenants/t/softphone/callbacks", null,
                Map.of("agentId", "a1")), ApiServlet.segments("/tenants/t/softphone/callbacks")));
        assertNull(Credentials.streamAgent(request("GET", "/tenants/t/softphone/callbacks", null, Map.of()),
                ApiServlet.segments("/tenants/t/softphone/callbacks")));
        for (String path : new String[] {"/tenants/t/interactions", "/tenants/t/agents/a1/presence",
                "/tenants/t/dead-letters", "/tenants/t/softphone/incomingCall", "/tenants/t/agents/events"}) {
            assertNull(Credentials.streamAgent(request("GET", path, null, Map.of("agentId", "a1")),
                    ApiServlet.segments(path)), path);
        }
    }

    private void check(HttpServletRequest req) {
        credentials.check(req, acme.id(), Optional.of(acme), ApiServlet.segments(req.getPathInfo()));
    }

    private String refusal(HttpServletRequest req) {
        ApiException e = assertThrows(ApiException.class, () -> check(req));
        assertEquals(401, e.status());
        return e.code();
    }

    private static HttpServletRequest request(String method, String pathInfo, String authorization,
            Map<String, String> parameters) {
        Map<String, String> params = new HashMap<>(parameters);
        return (HttpServletRequest) Proxy.newProxyInstance(CredentialsTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getPathInfo" -> pathInfo;
                    case "getHeader" -> "Authorization".equalsIgnoreCase((String) args[0]) ? authorization : null;
                    case "getParameter" -> params.get((String) args[0]);
                    default -> null;
                });
    }
}
