package org.crmconnector.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.Test;

class NoSniffFilterTest {

    private final Map<String, String> headers = new HashMap<>();
    private final HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[] {HttpServletResponse.class}, (p, m, args) -> {
                switch (m.getName()) {
                    case "setHeader" -> headers.put((String) args[0], (String) args[1]);
                    case "reset" -> headers.clear();
                    default -> {
                        // nothing else is used
                    }
                }
                return null;
            });

    @Test
    void everyAnswerSaysNosniffEvenAfterAnErrorResetTheResponse() throws Exception {
        new NoSniffFilter().doFilter((ServletRequest) null, response, (req, resp) -> {
            assertEquals("nosniff", headers.get("X-Content-Type-Options"));
            resp.reset();
            ((HttpServletResponse) resp).setHeader("Content-Type", "application/json");
        });
        assertEquals("nosniff", headers.get("X-Content-Type-Options"));
        assertEquals("application/json", headers.get("Content-Type"));
    }
}
