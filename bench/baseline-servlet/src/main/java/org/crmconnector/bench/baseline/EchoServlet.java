package org.crmconnector.bench.baseline;

import java.io.IOException;
import java.io.InputStream;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The benchmark's baseline: the least a JSON endpoint on the server's HTTP stack
 * (Felix HTTP whiteboard on Jetty 12, Jackson) can do. It reads a small JSON
 * object and answers a small JSON object, with no authentication, routing or
 * state. The softphone API's throughput is compared with this one's in the same run.
 * <p>
 * Registered through the whiteboard by a plain service property (no
 * {@code @HttpWhiteboard*} annotations), like the project's own servlets.
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/bench/echo",
        "osgi.http.whiteboard.servlet.name=bench-echo"})
public class EchoServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final int MAX_BODY = 64 * 1024;

    private final transient ObjectMapper mapper = new ObjectMapper();

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (req.getContentLengthLong() > MAX_BODY) {
            resp.sendError(413);
            return;
        }
        JsonNode in;
        try (InputStream body = req.getInputStream()) {
            in = mapper.readTree(body.readNBytes(MAX_BODY));
        } catch (IOException e) {
            resp.sendError(400);
            return;
        }
        ObjectNode out = mapper.createObjectNode();
        out.put("echo", in == null ? null : in.path("conversationId").asText(null));
        out.put("status", "ok");
        byte[] bytes = mapper.writeValueAsBytes(out);
        resp.setStatus(200);
        resp.setContentType("application/json");
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }
}
