package org.crmconnector.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void countersAreRenderedPerLabelSetInPrometheusFormat() {
        Metrics m = new Metrics();
        m.increment("crm_events_total", "tenant", "a", "type", "incomingCall");
        m.increment("crm_events_total", "tenant", "a", "type", "incomingCall");
        m.increment("crm_events_total", "tenant", "b\"x", "type", "callEnded");
        String text = m.render();
        assertTrue(text.contains("# TYPE crm_events_total counter\n"), text);
        assertTrue(text.contains("crm_events_total{tenant=\"a\",type=\"incomingCall\"} 2\n"), text);
        assertTrue(text.contains("crm_events_total{tenant=\"b\\\"x\",type=\"callEnded\"} 1\n"), text);
        assertEquals(2, m.count("crm_events_total", "tenant", "a", "type", "incomingCall"));
    }

    @Test
    void histogramBucketsAreCumulative() {
        Metrics m = new Metrics();
        m.observeNanos("crm_pop_latency_seconds", 300_000, "tenant", "a");   // 0.3 ms
        m.observeNanos("crm_pop_latency_seconds", 3_000_000, "tenant", "a"); // 3 ms
        m.observeNanos("crm_pop_latency_seconds", 20_000_000_000L, "tenant", "a"); // 20 s: only +Inf
        String text = m.render();
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
        assertTrue(m.render().contains("crm_open_agent_streams 7\n"));
    }
}
