package org.crmconnector.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void countersAreRenderedPerLabelSetInPrometheusFormat() {
        Metrics m = new Metrics();
        m.softphoneEvent("a", "incomingCall");
        m.softphoneEvent("a", "incomingCall");
        m.softphoneEvent("b\"x", "callEnded");
        String text = m.prometheusText();
        assertTrue(text.contains("# TYPE crm_events_total counter\n"), text);
        assertTrue(text.contains("crm_events_total{tenant=\"a\",type=\"incomingCall\"} 2\n"), text);
        assertTrue(text.contains("crm_events_total{tenant=\"b\\\"x\",type=\"callEnded\"} 1\n"), text);
        assertEquals(2, m.count("crm_events_total", "tenant", "a", "type", "incomingCall"));
    }

    @Test
    void histogramBucketsAreCumulative() {
        Metrics m = new Metrics();
        m.popShown("a", 300_000);   // 0.3 ms
        m.popShown("a", 3_000_000); // 3 ms
        m.popShown("a", 20_000_000_000L); // 20 s: only +Inf
        String text = m.prometheusText();
        assertTrue(text.contains("crm_pop_latency_seconds_bucket{tenant=\"a\",le=\"5.0E-4\"} 1\n"), text);
        assertTrue(text.contains("crm_pop_latency_seconds_bucket{tenant=\"a\",le=\"0.005\"} 2\n"), text);
        assertTrue(text.contains("crm_pop_latency_seconds_bucket{tenant=\"a\",le=\"10.0\"} 2\n"), text);
        assertTrue(text.contains("crm_pop_latency_seconds_bucket{tenant=\"a\",le=\"+Inf\"} 3\n"), text);
        assertTrue(text.contains("crm_pop_latency_seconds_count{tenant=\"a\"} 3\n"), text);
    }

    @Test
    void gaugesAreReadWhenRendered() {
        Metrics m = new Metrics();
        int[] value = {1};
        m.gauge("crm_open_agent_streams", () -> value[0]);
        value[0] = 7;
        assertTrue(m.prometheusText().contains("crm_open_agent_streams 7\n"));
    }

    @Test
    void theScrapeNamesTheNodeItComesFrom() {
        Metrics m = new Metrics();
        m.node("app-1");
        assertTrue(m.prometheusText().contains("crm_node_info{node=\"app-1\"} 1\n"), m.prometheusText());
    }

    @Test
    void theConsolesFiguresStayOffTheScrape() {
        Metrics m = new Metrics();
        m.pop("a", "timeout", "slow");
        m.lookupCall("sf", 1_000_000L, true);
        m.outbox(OutboxCount.ENQUEUED, 1);
        String text = m.prometheusText();
        assertEquals("# TYPE crm_pops_total counter\ncrm_pops_total{tenant=\"a\",status=\"timeout\"} 1\n", text);
        assertFalse(text.contains("outbox"), text);
    }

    @Test
    void aGaugeOfTheSameNameReplacesTheEarlierOne() {
        Metrics m = new Metrics();
        m.gauge("crm_tenants", () -> 1);
        m.gauge("crm_tenants", () -> 2);
        assertTrue(m.prometheusText().contains("crm_tenants 2\n"));
    }
}
