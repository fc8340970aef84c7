package org.crmconnector.core.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class DrainingTest {

    private final Draining draining = new Draining();

    @Test
    void requestsEnterUntilTheDrainBeginsAndNoneAfter() {
        assertTrue(draining.enter());
        assertFalse(draining.active());
        draining.begin();
        assertTrue(draining.active());
        assertFalse(draining.enter(), "refused once draining");
        assertEquals(1, draining.inFlight(), "the refused one is not counted");
        draining.exit();
        assertEquals(0, draining.inFlight());
    }

    @Test
    void theDrainWaitsForTheRequestsInsideAndNoLonger() throws Exception {
        assertTrue(draining.enter());
        assertTrue(draining.enter());
        draining.begin();
        assertFalse(draining.awaitIdle(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20)),
                "two requests are still inside");
        CompletableFuture<Boolean> idle = CompletableFuture.supplyAsync(() -> {
            try {
                return draining.awaitIdle(System.nanoTime() + TimeUnit.SECONDS.toNanos(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        draining.exit();
        assertFalse(idle.isDone() && idle.join(), "one is still inside");
        draining.exit();
        assertTrue(idle.get(30, TimeUnit.SECONDS));
    }
}
