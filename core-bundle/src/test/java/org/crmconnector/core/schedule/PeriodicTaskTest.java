package org.crmconnector.core.schedule;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class PeriodicTaskTest {

    @Test
    void aRoundThatThrowsDoesNotEndTheRounds() throws Exception {
        AtomicInteger rounds = new AtomicInteger();
        CountDownLatch third = new CountDownLatch(1);
        try (PeriodicTask task = PeriodicTask.start("test-periodic", Duration.ofMillis(5), "test rounds", () -> {
            if (rounds.incrementAndGet() >= 3) {
                third.countDown();
            }
            throw new IllegalStateException("store away");
        })) {
            assertTrue(third.await(30, TimeUnit.SECONDS), "rounds went on after failing: " + rounds.get());
        }
    }
}
