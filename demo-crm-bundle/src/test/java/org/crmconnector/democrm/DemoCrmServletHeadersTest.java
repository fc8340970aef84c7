package org.crmconnector.democrm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

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
        Map<String, String> headers = new HashMap<>();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public void write(int b) {
                body.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
            }
        };
        HttpServletRequest req = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (p, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getPathInfo" -> pathInfo;
                    case "getContextPath" -> "";
                    case "getServletPath" -> "/demo-crm";
                    case "getServerPort" -> 8080;
                    default -> null;
                });
        HttpServletResponse resp = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (p, m, args) -> {
                    if (m.getName().equals("setHeader")) {
                        headers.put((String) args[0], (String) args[1]);
                    }
                    return m.getName().equals("getOutputStream") ? out : null;
                });
        servlet.service(req, resp);
        return headers;
    }
}
