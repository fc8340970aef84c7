package org.crmconnector.core.metrics;

import java.util.concurrent.atomic.AtomicLongArray;

import com.codahale.metrics.Clock;
import com.codahale.metrics.Gauge;

/**
 * Events in the last 60 minutes, the current one included. Dropwizard's
 * meters give decaying rates, not "how many in the last hour", and a sliding
 * window reservoir keeps every sample; 60 one-minute slots answer exactly at
 * a fixed cost. Each slot is tagged with the minute it counts, so a stale
 * slot is recognised and reset rather than summed.
 */
final class LastHourCount implements Gauge<Long> {

    static final int SLOTS = 60;
    private static final long MINUTE_MILLIS = 60_000L;

    private final Clock clock;
    private final AtomicLongArray counts = new AtomicLongArray(SLOTS);
    private final AtomicLongArray minutes = new AtomicLongArray(SLOTS);

    LastHourCount(Clock clock) {
        this.clock = clock;
    }

    void mark() {
        long minute = clock.getTime() / MINUTE_MILLIS;
        int slot = (int) (minute % SLOTS);
        synchronized (this) {
            if (minutes.get(slot) != minute) {
                minutes.set(slot, minute);
                counts.set(slot, 0);
            }
            counts.incrementAndGet(slot);
        }
    }

    @Override
    public synchronized Long getValue() {
        long minute = clock.getTime() / MINUTE_MILLIS;
        long total = 0;
        for (int i = 0; i < SLOTS; i++) {
            long m = minutes.get(i);
            if (m > minute - SLOTS && m <= minute) {
                total += counts.get(i);
            }
        }
        return total;
    }
}
