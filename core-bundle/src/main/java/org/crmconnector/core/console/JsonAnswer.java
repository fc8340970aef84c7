package org.crmconnector.core.console;

import java.io.IOException;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.http.HttpServletResponse;

/** A JSON answer for scripts: the upload, refusals, and actions asked for with {@code Accept: application/json}. */
final class JsonAnswer {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonAnswer() {
    }

    static void send(HttpServletResponse resp, int status, Object body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        // as a string: writing to the response writer directly would let Jackson close it
        resp.getWriter().write(MAPPER.writeValueAsString(body));
    }
}
