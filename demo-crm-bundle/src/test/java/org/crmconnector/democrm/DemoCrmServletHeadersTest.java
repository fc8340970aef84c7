package org.crmconnector.democrm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.crmconnector.testing.RecordedResponse;

import org.junit.jupiter.api.Test;

/** Every answer of the demo CRM forbids sniffing, and only the server's own agent page may frame it. */
class DemoCrmServletHeadersTest {

    private final DemoCrmServlet servlet = new DemoCrmServlet(DemoCrmStore.withSampleContacts());

    @Test
    void pagesApiAndRefusalsCarryTheHeaders() throws Exception {
        for (String[] call : new String[][] {{"GET", "/contacts/c1"}, {"GET", "/"}, {"GET", "/api/contacts"},
                {"GET", "/no-such-thing"}, {"DELETE", "/api/contacts"}}) {
            Map<String, String> headers = answer(call[0], call[1]);
            assertEquals("nosniff", headers.get("X-Content-Type-Options"), String.join(" ", call));
            assertEquals("frame-ancestors 'self' http://localhost:8080 http://127.0.0.1:8080",
                    headers.get("Content-Security-Policy"), String.join(" ", call));
        }
    }

    private Map<String, String> answer(String method, String pathInfo) throws Exception {
        HttpServletRequest req = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (p, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getPathInfo" -> pathInfo;
                    case "getContextPath" -> "";
                    case "getServletPath" -> "/demo-crm";
                    case "getServerPort" -> 8080;
                    default -> null;
                });
        RecordedResponse resp = new RecordedResponse();
        servlet.service(req, resp.response());
        return resp.headers();
    }
}
