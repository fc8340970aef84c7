package org.crmconnector.core.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class RetryBackoffTest {

    @Test
    void doublesUpToTheMaximum() {
        RetryBackoff backoff = new RetryBackoff(1000, 10_000, 0, () -> 0.5);
        assertEquals(Duration.ofSeconds(1), backoff.delay(1, null));
        assertEquals(Duration.ofSeconds(2), backoff.delay(2, null));
        assertEquals(Duration.ofSeconds(8), backoff.delay(4, null));
        assertEquals(Duration.ofSeconds(10), backoff.delay(5, null));
        assertEquals(Duration.ofSeconds(10), backoff.delay(500, null));
    }

    @Test
    void jitterTakesAShareOfTheWait() {
        // the third wait is 4 s; with half of it random it lies between 2 s and 4 s
        assertEquals(Duration.ofMillis(3999), new RetryBackoff(1000, 60_000, 0.5, () -> 0.999999).delay(3, null));
        assertEquals(Duration.ofMillis(2000), new RetryBackoff(1000, 60_000, 0.5, () -> 0.0).delay(3, null));
    }

    @Test
    void neverShorterThanTheCrmsRetryAfter() {
        RetryBackoff backoff = new RetryBackoff(1000, 10_000, 0, () -> 0.5);
        assertEquals(Duration.ofMinutes(5), backoff.delay(1, Duration.ofMinutes(5)));
        assertEquals(Duration.ofSeconds(4), backoff.delay(3, Duration.ofMillis(10)));
    }
}
