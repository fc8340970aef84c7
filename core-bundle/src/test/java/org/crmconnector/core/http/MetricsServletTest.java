package org.crmconnector.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;

import jakarta.servlet.http.HttpServletRequest;

import org.crmconnector.core.metrics.Metrics;
import org.crmconnector.core.tenant.ApiKeys;
import org.crmconnector.testing.ComponentConfig;
import org.crmconnector.testing.RecordedResponse;
import org.junit.jupiter.api.Test;

class MetricsServletTest {

    private static final String TOKEN = "scrape-0123456789abcdefABCDEF";

    /** Status and body of a GET /metrics with {@code authorization} (null for none). */
    private record Answer(int status, String body) {
    }

    private static Answer scrape(MetricsServlet servlet, String authorization) throws Exception {
        HttpServletRequest req = (HttpServletRequest) Proxy.newProxyInstance(MetricsServletTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (p, m, a) -> switch (m.getName()) {
                    case "getMethod" -> "GET";
                    case "getHeader" -> "Authorization".equals(a[0]) ? authorization : null;
                    default -> null;
                });
        RecordedResponse resp = new RecordedResponse();
        servlet.service(req, resp.response());
        return new Answer(resp.status(), resp.body());
    }

    private static MetricsServlet servlet(Object... config) {
        Metrics metrics = new Metrics();
        metrics.apiRequest("acme", "softphone", "200");
        return new MetricsServlet(ComponentConfig.of(MetricsServlet.Config.class, config), false, metrics);
    }

    @Test
    void byDefaultNoOneReadsTheTenantNamesWithoutAToken() throws Exception {
        Answer anonymous = scrape(servlet(), null);
        assertEquals(401, anonymous.status());
        assertFalse(anonymous.body().contains("acme"), anonymous.body());
        assertEquals(401, scrape(servlet(), "Bearer anything").status());
    }

    @Test
    void aConfiguredTokenIsCheckedAgainstItsHash() throws Exception {
        MetricsServlet servlet = servlet("_scrape_token_hashes", new String[] {"", ApiKeys.hash(TOKEN)});
        Answer scraped = scrape(servlet, "Bearer " + TOKEN);
        assertEquals(200, scraped.status());
        assertTrue(scraped.body().contains("tenant=\"acme\""), scraped.body());
        assertEquals(401, scrape(servlet, "Bearer " + TOKEN + "x").status());
        assertEquals(401, scrape(servlet, null).status());
    }

    @Test
    void anonymousScrapesOnlyWhenTheOperatorAllowsThem() throws Exception {
        assertEquals(200, scrape(servlet("anonymous_scrapes", true), null).status());
    }

    @Test
    void aMalformedHashIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> servlet("_scrape_token_hashes", new String[] {TOKEN}));
    }
}
