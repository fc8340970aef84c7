package org.crmconnector.crm.dynamics.webapi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Dataverse's service protection limits, as the 429 answers report them:
 * after one, no request goes out until its {@code Retry-After} has passed,
 * because Dataverse lengthens the wait of a client that keeps sending
 * (Microsoft Learn, "Service protection API limits").
 */
public final class ServiceProtection {

    /** When a 429 names no wait: the limits are evaluated over a five-minute window. */
    static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);

    private final Clock clock;
    private volatile Instant blockedUntil = Instant.EPOCH;
    private volatile int throttled;

    public ServiceProtection(Clock clock) {
        this.clock = clock;
    }

    /** Records a 429; returns the wait it asked for. */
    Duration limited(Duration retryAfter) {
        Duration wait = retryAfter == null ? DEFAULT_WAIT : retryAfter;
        Instant until = clock.instant().plus(wait);
        if (until.isAfter(blockedUntil)) {
            blockedUntil = until;
        }
        throttled++;
        return wait;
    }

    /** How long requests must still wait, or empty to go ahead. */
    Optional<Duration> pause() {
        long millis = Duration.between(clock.instant(), blockedUntil).toMillis();
        // whole seconds, rounded up: a Retry-After is given in seconds
        return millis <= 0 ? Optional.empty() : Optional.of(Duration.ofSeconds((millis + 999) / 1000));
    }

    /** Until when requests wait, or null when they do not. */
    public Instant blockedUntil() {
        return pause().isPresent() ? blockedUntil : null;
    }

    /** How many 429 answers this instance has had. */
    public int throttledCount() {
        return throttled;
    }
}
