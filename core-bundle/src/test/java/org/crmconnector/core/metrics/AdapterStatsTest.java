package org.crmconnector.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AdapterStatsTest {

    @Test
    void percentilesAreWithinABucketOfTheTruth() {
        AdapterStats stats = new AdapterStats();
        for (int i = 1; i <= 1000; i++) {
            stats.record("sf", i * 1_000_000L, i % 10 == 0); // 1 ms .. 1000 ms
        }
        AdapterStats.Snapshot s = stats.snapshot("sf");
        assertEquals(1000, s.requests());
        assertEquals(100, s.failures());
        assertTrue(s.p50Millis() >= 500 && s.p50Millis() <= 500 * AdapterStats.GROWTH, "p50 " + s.p50Millis());
        assertTrue(s.p99Millis() >= 990 && s.p99Millis() <= 990 * AdapterStats.GROWTH, "p99 " + s.p99Millis());
    }

    @Test
    void anUnknownInstanceHasNoLatency() {
        assertEquals(-1, new AdapterStats().snapshot("none").p50Millis());
        assertEquals(0, AdapterStats.bucket(10));
        assertEquals(AdapterStats.BUCKETS - 1, AdapterStats.bucket(Long.MAX_VALUE));
    }
}
