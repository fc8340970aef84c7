package org.crmconnector.core.metrics;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * What each tenant did in the last hour (pops, logs) and its last error, for
 * the Web Console and the shell. The Prometheus counters in {@link Metrics}
 * only grow; an operator asking "is this tenant working now" needs a window,
 * so each series is a ring of 60 one-minute slots.
 */
@Component(service = RecentActivity.class)
public class RecentActivity {

    /** What is counted. */
    public enum Kind {
        POP, POP_FAILURE, LOG
    }

    /** The last thing that went wrong for a tenant. */
    public record LastError(Instant at, String source, String message) {
    }

    static final int SLOTS = 60;
    private static final long MINUTE_MILLIS = 60_000L;

    private final LongSupplier clockMillis;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final Map<String, LastError> lastErrors = new ConcurrentHashMap<>();

    @Activate
    public RecentActivity() {
        this(System::currentTimeMillis);
    }

    public RecentActivity(LongSupplier clockMillis) {
        this.clockMillis = clockMillis;
    }

    /** Counts one event of {@code kind} for the tenant now. */
    public void record(String tenantId, Kind kind) {
        if (tenantId != null) {
            windows.computeIfAbsent(tenantId + '\u0000' + kind, k -> new Window()).add(minuteNow());
        }
    }

    /** Remembers the tenant's latest error; {@code source} says where it came from (pop, delivery). */
    public void error(String tenantId, String source, String message) {
        if (tenantId != null) {
            lastErrors.put(tenantId, new LastError(Instant.ofEpochMilli(clockMillis.getAsLong()), source,
                    message == null ? "(no message)" : message));
        }
    }

    /** Events of {@code kind} for the tenant in the last 60 minutes, the current one included. */
    public long lastHour(String tenantId, Kind kind) {
        Window w = windows.get(tenantId + '\u0000' + kind);
        return w == null ? 0 : w.sum(minuteNow());
    }

    public Optional<LastError> lastError(String tenantId) {
        return Optional.ofNullable(lastErrors.get(tenantId));
    }

    /** Tenants with any recorded activity or error. */
    public java.util.Set<String> tenants() {
        java.util.Set<String> ids = new java.util.TreeSet<>(lastErrors.keySet());
        windows.keySet().forEach(k -> ids.add(k.substring(0, k.indexOf('\u0000'))));
        return ids;
    }

    private long minuteNow() {
        return clockMillis.getAsLong() / MINUTE_MILLIS;
    }

    /**
     * 60 counters, one per minute, each tagged with the minute it counts so a
     * stale slot is recognised and reset rather than summed.
     */
    private static final class Window {
        private final AtomicLongArray counts = new AtomicLongArray(SLOTS);
        private final AtomicLongArray minutes = new AtomicLongArray(SLOTS);

        void add(long minute) {
            int slot = (int) (minute % SLOTS);
            synchronized (this) {
                if (minutes.get(slot) != minute) {
                    minutes.set(slot, minute);
                    counts.set(slot, 0);
                }
                counts.incrementAndGet(slot);
            }
        }

        synchronized long sum(long minute) {
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
}
