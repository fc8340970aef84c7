package org.crmconnector.crm.genericrest.http;

import java.time.Duration;

/**
 * How often and how patiently one request is tried.
 *
 * @param maxAttempts    tries in all, at least 1
 * @param initialBackoff wait after the first failure; doubled after each further one
 * @param maxBackoff     the longest wait between tries
 * @param maxRetryAfter  the longest {@code Retry-After} waited for in place; a longer one ends the
 *                       tries at once and is handed back so the engine's outbox waits instead of a thread
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    /** The wait after failed try number {@code attempt} (1-based) when the server gave no hint. */
    public Duration backoff(int attempt) {
        Duration wait = initialBackoff;
        for (int i = 1; i < attempt && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}
