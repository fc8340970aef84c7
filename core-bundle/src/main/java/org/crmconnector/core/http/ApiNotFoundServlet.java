package org.crmconnector.core.http;

import java.io.IOException;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * Whatever is under {@code /api} but not a version the server has (such as
 * {@code /api/v2/...} or {@code /api} itself): a JSON 404 like every answer
 * under {@code /api}, not the container's HTML page. {@code /api/v1/*} is the
 * longer pattern and keeps its requests.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/*")
@HttpWhiteboardServletName("crm-connector-api-not-found")
public class ApiNotFoundServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        JsonError.write(resp, 404, "NOT_FOUND", "no such resource; the API is under /api/v1/");
    }
}
