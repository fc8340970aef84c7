package org.crmconnector.core.outbox;

import static org.crmconnector.core.outbox.TestSupport.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    @Test
    void opensAfterThresholdThenLetsOneProbeThrough() {
        CircuitBreaker breaker = new CircuitBreaker(2, Duration.ofSeconds(30));
        assertFalse(breaker.failure(T0));
        assertTrue(breaker.failure(T0));
        assertEquals(CircuitBreaker.State.OPEN, breaker.state(T0));
        assertFalse(breaker.tryAcquire(T0.plusSeconds(29)));
        assertTrue(breaker.rejects(T0.plusSeconds(29)));

        assertTrue(breaker.tryAcquire(T0.plusSeconds(30)), "the probe");
        assertFalse(breaker.tryAcquire(T0.plusSeconds(30)), "only one probe at a time");
        assertTrue(breaker.failure(T0.plusSeconds(31)), "a failed probe opens it again");
        assertFalse(breaker.tryAcquire(T0.plusSeconds(60)));

        assertTrue(breaker.tryAcquire(T0.plusSeconds(61)));
        breaker.success();
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state(T0.plusSeconds(61)));
        assertTrue(breaker.tryAcquire(T0.plusSeconds(61)));
        assertTrue(breaker.tryAcquire(T0.plusSeconds(61)));
    }

    @Test
    void successResetsTheFailureCount() {
        CircuitBreaker breaker = new CircuitBreaker(2, Duration.ofSeconds(30));
        breaker.failure(T0);
        breaker.success();
        assertFalse(breaker.failure(T0));
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state(T0));
    }
}
