package org.crmconnector.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Per adapter instance figures for the console, as AdapterStatsTest asked of the recorder they replace. */
class AdapterFiguresTest {

    /** The old recorder's bucket growth: its percentiles were within 25 % of the truth; the registry's must be too. */
    private static final double WITHIN = 1.25;

    @Test
    void percentilesAreWithinABucketOfTheTruth() {
        Metrics metrics = new Metrics();
        for (int i = 1; i <= 1000; i++) {
            metrics.lookupCall("sf", i * 1_000_000L, i % 10 == 0); // 1 ms .. 1000 ms
        }
        AdapterFigures s = metrics.adapter("sf");
        assertEquals(1000, s.requests());
        assertEquals(100, s.failures());
        assertTrue(s.p50Millis() >= 500 && s.p50Millis() <= 500 * WITHIN, "p50 " + s.p50Millis());
        assertTrue(s.p99Millis() >= 990 && s.p99Millis() <= 990 * WITHIN, "p99 " + s.p99Millis());
    }

    @Test
    void anUnknownInstanceHasNoLatency() {
        assertEquals(-1, new Metrics().adapter("none").p50Millis());
    }

    @Test
    void deliveryCallsCountForTheInstanceAndTheOutbox() {
        Metrics metrics = new Metrics();
        metrics.deliveryCall("acme", "sf", 2_000_000L, true, null);
        metrics.deliveryCall("acme", "sf", 3_000_000L, false, "RETRY: 503 from the CRM");
        assertEquals(2, metrics.adapter("sf").requests());
        assertEquals(1, metrics.adapter("sf").failures());
        assertEquals(2, metrics.outboxCounts().get("adapterCalls"));
        assertEquals(1, metrics.outboxCounts().get("logBatches"));
        assertEquals("RETRY: 503 from the CRM", metrics.lastError("acme").orElseThrow().message());
        assertEquals("delivery", metrics.lastError("acme").orElseThrow().source());
    }
}
