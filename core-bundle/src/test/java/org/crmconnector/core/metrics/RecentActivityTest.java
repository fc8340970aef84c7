package org.crmconnector.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class RecentActivityTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000_000L);
    private final RecentActivity activity = new RecentActivity(now::get);

    @Test
    void countsTheLastSixtyMinutesOnly() {
        activity.record("acme", RecentActivity.Kind.POP);
        now.addAndGet(30 * 60_000L);
        activity.record("acme", RecentActivity.Kind.POP);
        activity.record("acme", RecentActivity.Kind.LOG);
        assertEquals(2, activity.lastHour("acme", RecentActivity.Kind.POP));
        assertEquals(1, activity.lastHour("acme", RecentActivity.Kind.LOG));
        assertEquals(0, activity.lastHour("globex", RecentActivity.Kind.POP));
        now.addAndGet(31 * 60_000L);
        assertEquals(1, activity.lastHour("acme", RecentActivity.Kind.POP), "the first pop is over an hour old");
        now.addAndGet(120 * 60_000L);
        activity.record("acme", RecentActivity.Kind.POP);
        assertEquals(1, activity.lastHour("acme", RecentActivity.Kind.POP), "a reused slot starts from zero");
    }

    @Test
    void keepsTheLatestErrorPerTenant() {
        activity.error("acme", "pop", "first");
        activity.error("acme", "delivery", "second");
        assertEquals("second", activity.lastError("acme").orElseThrow().message());
        assertEquals("delivery", activity.lastError("acme").orElseThrow().source());
    }
}
