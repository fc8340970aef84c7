package org.crmconnector.core.outbox;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter: the wait doubles with each attempt up to
 * a maximum, and part of it is random so that items failing together do not
 * all come back together. A CRM's own Retry-After is never cut short.
 */
final class RetryBackoff {

    private final long baseMillis;
    private final long maxMillis;
    private final double jitter;
    private final DoubleSupplier random;

    RetryBackoff(long baseMillis, long maxMillis, double jitter, DoubleSupplier random) {
        this.baseMillis = Math.max(1, baseMillis);
        this.maxMillis = Math.max(this.baseMillis, maxMillis);
        this.jitter = Math.min(1, Math.max(0, jitter));
        this.random = random;
    }

    /** The wait after the {@code attempts}-th failed attempt (1 for the first). */
    Duration delay(int attempts, Duration retryAfter) {
        int doublings = Math.min(Math.max(0, attempts - 1), 40);
        double exponential = Math.min((double) maxMillis, baseMillis * Math.pow(2, doublings));
        long millis = (long) (exponential * (1 - jitter + jitter * random.getAsDouble()));
        Duration wait = Duration.ofMillis(Math.max(1, millis));
        return retryAfter != null && retryAfter.compareTo(wait) > 0 ? retryAfter : wait;
    }
}
