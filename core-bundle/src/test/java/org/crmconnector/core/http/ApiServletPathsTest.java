package org.crmconnector.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.crmconnector.core.web.ApiException;
import org.junit.jupiter.api.Test;

class ApiServletPathsTest {

    @Test
    void pathsSplitIntoSegmentsIgnoringEmptyOnes() {
        assertEquals(List.of("tenants", "demo", "interactions"), ApiServlet.segments("//tenants/demo//interactions/"));
        assertEquals(List.of(), ApiServlet.segments(null));
    }

    @Test
    void metricsRouteLabelsComeFromTheRouteTableOnly() {
        for (String route : ApiServlet.ROUTES) {
            assertEquals(route, ApiServlet.routeLabel(route));
        }
        assertEquals("unknown", ApiServlet.routeLabel("zz-route-1"));
        assertEquals("unknown", ApiServlet.routeLabel("Interactions"));
        assertEquals("unknown", ApiServlet.routeLabel(""));
    }

    @Test
    void echoedInputIsClipped() {
        assertEquals(67, ApiException.clip("x".repeat(500)).length());
    }
}
