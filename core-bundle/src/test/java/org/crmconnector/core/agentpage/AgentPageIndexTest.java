package org.crmconnector.core.agentpage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.crmconnector.core.tenant.Tenant;
import org.crmconnector.core.tenant.TenantConfig;
import org.crmconnector.core.tenant.TenantRegistry;
import org.crmconnector.testing.ComponentConfig;
import org.crmconnector.testing.RecordedResponse;
import org.junit.jupiter.api.Test;

/** The agent page may be framed by its tenant's allowed.origin only, and tells the client that origin. */
class AgentPageIndexTest {

    private final TenantRegistry tenants = new TenantRegistry();
    private final AgentPageIndex index;

    AgentPageIndexTest() throws Exception {
        tenants.addTenant(new Tenant(ComponentConfig.of(TenantConfig.class, "tenant_id", "acme", "adapter_instance", "x",
                "allowed_origin", "https://crm.acme.example")));
        tenants.addTenant(new Tenant(ComponentConfig.of(TenantConfig.class, "tenant_id", "demo", "adapter_instance", "x")));
        index = new AgentPageIndex(tenants);
    }

    /** What the filter answered: status, headers, body; "chain" in the body when it passed the request on. */
    record Answer(int status, Map<String, String> headers, String body) {
    }

    @Test
    void theTenantsOriginMayFrameThePageAndIsHandedToTheClient() throws Exception {
        for (String path : new String[] {"/agent/", "/agent/index.html"}) {
            Answer a = get(path, "acme");
            assertEquals("frame-ancestors https://crm.acme.example", a.headers().get("Content-Security-Policy"), path);
            assertTrue(a.body().contains("<meta name=\"crm-connector-tenant\" content=\"acme\">"), a.body());
            assertTrue(a.body().contains("<meta name=\"crm-connector-allowed-origin\" content=\"https://crm.acme.example\">"));
            assertTrue(a.body().contains("crm-connect.js"));
        }
    }

    @Test
    void withoutAnOriginOnlyThisServerMayFrameThePage() throws Exception {
        for (String tenant : new String[] {"demo", null, "no-such-tenant", "\"><script>alert(1)</script>"}) {
            Answer a = get("/agent/", tenant);
            assertEquals("frame-ancestors 'self'", a.headers().get("Content-Security-Policy"), tenant);
            assertTrue(a.body().contains("<meta name=\"crm-connector-allowed-origin\" content=\"\">"), tenant);
            assertFalse(a.body().contains("<script>alert"), "an unknown tenant is never echoed");
        }
        assertTrue(get("/agent/", "demo").body().contains("<meta name=\"crm-connector-tenant\" content=\"demo\">"));
    }

    @Test
    void thePageHasNoFormFieldForTheOrigin() throws Exception {
        assertFalse(get("/agent/", "acme").body().contains("<input id=\"allowedOrigin\""));
    }

    @Test
    void theBarePathRedirectsKeepingTheTenant() throws Exception {
        Answer a = get("/agent", "acme");
        assertEquals(302, a.status());
        assertEquals("/agent/?tenant=acme", a.headers().get("Location"));
    }

    @Test
    void otherFilesPassOnToTheResources() throws Exception {
        assertEquals("chain", get("/agent/crm-connect.js", "acme").body());
    }

    private Answer get(String path, String tenant) throws Exception {
        HttpServletRequest req = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (p, m, args) -> switch (m.getName()) {
                    case "getMethod" -> "GET";
                    case "getRequestURI" -> path;
                    case "getContextPath" -> "";
                    case "getQueryString" -> tenant == null ? null : "tenant=" + tenant;
                    case "getParameter" -> "tenant".equals(args[0]) ? tenant : null;
                    default -> null;
                });
        RecordedResponse resp = new RecordedResponse();
        index.doFilter(req, resp.response(),
                (rq, rs) -> rs.getOutputStream().write("chain".getBytes(StandardCharsets.UTF_8)));
        return new Answer(resp.status(), resp.headers(), resp.body());
    }
}
