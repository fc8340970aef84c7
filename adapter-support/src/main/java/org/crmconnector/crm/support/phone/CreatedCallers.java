package org.crmconnector.crm.support.phone;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import org.crmconnector.crm.ScreenPopRequest;
import org.crmconnector.interaction.Direction;

/**
 * Records an adapter instance created for unknown callers, keyed by the
 * caller's significant digits. Two calls from one new number that overlap
 * must not create two records: creations for one number run one at a time,
 * and the second finds the record the first made, even while the CRM's
 * search does not return it yet (search indexes lag behind writes).
 * Across server nodes the CRM's own uniqueness has to do the same job.
 *
 * @param <R> what the adapter keeps of a record
 */
public final class CreatedCallers<R> {

    /** Bounds the memory; numbers come from callers, not from us. */
    private static final int MAX_NUMBERS = 10_000;

    /** A creation in the CRM. */
    @FunctionalInterface
    public interface Creation<R, E extends Exception> {
        R create() throws E;
    }

    private final Clock clock;
    private final Duration remembered;
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final Map<String, Entry<R>> created = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry<R>> eldest) {
            return size() > MAX_NUMBERS;
        }
    };

    private record Entry<R>(R record, Instant expires) {
    }

    /** @param remembered how long a created record is answered from memory (longer than the CRM's index lag) */
    public CreatedCallers(Clock clock, Duration remembered) {
        this.clock = clock;
        this.remembered = remembered;
    }

    /**
     * Whether the caller of a lookup that found nobody gets a record: a number
     * a record can be keyed by, on a call that is not the agent's own
     * outbound one.
     */
    public static boolean wantsRecord(ScreenPopRequest request, String number) {
        return number != null && keyOf(number) != null
                && (request.interaction == null || request.interaction.direction != Direction.OUTBOUND);
    }

    /** The key of a number; null when it has too few digits to stand for one caller. */
    public static String keyOf(String number) {
        String digits = PhoneNumbers.significant(number);
        return digits.length() < PhoneNumbers.MIN_MATCH_DIGITS ? null : digits;
    }

    /** The record created for the number lately, or null. */
    public R recent(String number) {
        String key = keyOf(number);
        return key == null ? null : get(key);
    }

    /**
     * The record created for this number: the one made lately, or a new one
     * from {@code creation}, which runs at most once at a time per number.
     */
    public <E extends Exception> R once(String number, Creation<R, E> creation) throws E {
        String key = keyOf(number);
        if (key == null) {
            throw new IllegalArgumentException("not a caller's number: " + number);
        }
        ReentrantLock lock = lock(key);
        try {
            R known = get(key);
            if (known != null) {
                return known;
            }
            R record = creation.create();
            if (record != null) {
                synchronized (created) {
                    created.put(key, new Entry<>(record, clock.instant().plus(remembered)));
                }
            }
            return record;
        } finally {
            if (!lock.hasQueuedThreads()) {
                locks.remove(key, lock);
            }
            lock.unlock();
        }
    }

    /** The number's lock, held; a lock taken from the map just before its removal is let go and the new one taken. */
    private ReentrantLock lock(String key) {
        for (;;) {
            ReentrantLock lock = locks.computeIfAbsent(key, k -> new ReentrantLock());
            lock.lock();
            if (locks.get(key) == lock) {
                return lock;
            }
            lock.unlock();
        }
    }

    private R get(String key) {
        synchronized (created) {
            Entry<R> entry = created.get(key);
            if (entry == null) {
                return null;
            }
            if (!clock.instant().isBefore(entry.expires)) {
                created.remove(key);
                return null;
            }
            return entry.record;
        }
    }
}
