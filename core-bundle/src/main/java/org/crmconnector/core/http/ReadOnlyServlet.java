package org.crmconnector.core.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** A servlet that only answers GET (and HEAD); any other method gets the API's JSON 405, not the container's page. */
abstract class ReadOnlyServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final byte[] NOT_ALLOWED = ("{\"error\":{\"code\":\"METHOD_NOT_ALLOWED\","
            + "\"message\":\"only GET is allowed here\"}}").getBytes(StandardCharsets.UTF_8);

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws jakarta.servlet.ServletException,
            IOException {
        String method = req.getMethod();
        if ("GET".equals(method) || "HEAD".equals(method)) {
            super.service(req, resp);
            return;
        }
        resp.setStatus(405);
        resp.setHeader("Allow", "GET");
        resp.setContentType("application/json");
        resp.setContentLength(NOT_ALLOWED.length);
        resp.getOutputStream().write(NOT_ALLOWED);
    }
}
