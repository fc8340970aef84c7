package org.crmconnector.crm.support.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class CallGateTest {

    private final CallGate gate = new CallGate();

    @Test
    void closingWaitsForTheCallsInFlightAndTurnsAwayNewOnes() throws Exception {
        assertTrue(gate.enter());
        CompletableFuture<Boolean> closing = CompletableFuture.supplyAsync(() -> {
            try {
                return gate.closeAndAwait(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        while (!gate.isClosed()) {
            Thread.onSpinWait();
        }
        assertFalse(gate.enter(), "no new call once stopping began");
        assertFalse(closing.isDone());
        gate.exit();
        assertTrue(closing.get(10, TimeUnit.SECONDS));
    }

    @Test
    void closingGivesUpAfterItsTimeout() throws Exception {
        assertTrue(gate.enter());
        assertFalse(gate.closeAndAwait(Duration.ofMillis(20)));
    }

    @Test
    void cleanUpRunsOnceWhenTheLastCallEnds() {
        AtomicInteger cleanUps = new AtomicInteger();
        assertTrue(gate.enter());
        assertTrue(gate.enter());
        gate.closeThen(cleanUps::incrementAndGet);
        assertFalse(gate.enter());
        gate.exit();
        assertEquals(0, cleanUps.get());
        assertFalse(gate.isDrained());
        gate.exit();
        assertEquals(1, cleanUps.get());
        assertTrue(gate.isDrained());
        gate.closeThen(cleanUps::incrementAndGet);
        assertEquals(1, cleanUps.get(), "closing twice cleans up once");
    }

    @Test
    void cleanUpRunsAtOnceWhenNothingIsInFlight() {
        AtomicInteger cleanUps = new AtomicInteger();
        gate.closeThen(cleanUps::incrementAndGet);
        assertEquals(1, cleanUps.get());
        assertTrue(gate.isDrained());
    }
}
