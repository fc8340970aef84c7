package org.crmconnector.core.http;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.crmconnector.core.json.Json;

/** The API's error answer, {@code {"error":{"code":..,"message":..}}}, for the servlets outside the tenant API. */
final class JsonError {

    private static final Json JSON = new Json();

    private JsonError() {
    }

    static void write(HttpServletResponse resp, int status, String code, String message) throws IOException {
        if (resp.isCommitted()) {
            return;
        }
        byte[] body = JSON.write(Map.of("error", Map.of("code", code, "message", message)));
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }
}
