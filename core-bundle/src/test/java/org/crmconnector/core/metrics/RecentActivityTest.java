package org.crmconnector.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import com.codahale.metrics.Clock;
import org.junit.jupiter.api.Test;

/** Each tenant's last hour and last error, as the console and the shell read them from the registry. */
class RecentActivityTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000_000L);
    private final Metrics metrics = new Metrics(new Clock() {
        @Override
        public long getTick() {
            return now.get() * 1_000_000L;
        }

        @Override
        public long getTime() {
            return now.get();
        }
    });

    @Test
    void countsTheLastSixtyMinutesOnly() {
        metrics.pop("acme", "ok", null);
        now.addAndGet(30 * 60_000L);
        metrics.pop("acme", "ok", null);
        metrics.logStored("acme");
        assertEquals(2, metrics.lastHour("acme", Activity.POP));
        assertEquals(1, metrics.lastHour("acme", Activity.LOG));
        assertEquals(0, metrics.lastHour("globex", Activity.POP));
        now.addAndGet(31 * 60_000L);
        assertEquals(1, metrics.lastHour("acme", Activity.POP), "the first pop is over an hour old");
        now.addAndGet(120 * 60_000L);
        metrics.pop("acme", "ok", null);
        assertEquals(1, metrics.lastHour("acme", Activity.POP), "a reused slot starts from zero");
    }

    @Test
    void keepsTheLatestErrorPerTenant() {
        metrics.pop("acme", "timeout", "first");
        metrics.deliveryCall("acme", "sf", 1_000L, false, "second");
        assertEquals("second", metrics.lastError("acme").orElseThrow().message());
        assertEquals("delivery", metrics.lastError("acme").orElseThrow().source());
    }

    @Test
    void aFailedPopIsAPopAFailureAndTheLastErrorAtOnce() {
        metrics.pop("acme", "timeout", "slow CRM");
        assertEquals(1, metrics.lastHour("acme", Activity.POP));
        assertEquals(1, metrics.lastHour("acme", Activity.POP_FAILURE));
        assertEquals("timeout: slow CRM", metrics.lastError("acme").orElseThrow().message());
        assertEquals(1, metrics.count("crm_pops_total", "tenant", "acme", "status", "timeout"));
        assertEquals(Set.of("acme"), metrics.tenants());
        assertTrue(metrics.lastError("globex").isEmpty());
    }
}
