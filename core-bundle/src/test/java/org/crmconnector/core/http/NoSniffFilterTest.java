package org.crmconnector.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.crmconnector.testing.RecordedResponse;

import org.junit.jupiter.api.Test;

class NoSniffFilterTest {

    private final RecordedResponse recorded = new RecordedResponse();
    private final Map<String, String> headers = recorded.headers();
    private final HttpServletResponse response = recorded.response();

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
