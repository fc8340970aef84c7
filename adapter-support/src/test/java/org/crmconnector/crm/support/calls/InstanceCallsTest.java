package org.crmconnector.crm.support.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.crmconnector.crm.CrmException;
import org.crmconnector.crm.DeliveryResult;
import org.junit.jupiter.api.Test;

class InstanceCallsTest {

    private final InstanceCalls calls = new InstanceCalls("Acme adapter 'kit'");

    @Test
    void callsRunWhileTheInstanceIsActive() throws Exception {
        assertTrue(calls.deliver(DeliveryResult::ok).isOk());
        assertEquals(2, calls.deliverAll(2, () -> List.of(DeliveryResult.ok(), DeliveryResult.ok())).size());
        calls.enter();
        calls.exit();
    }

    @Test
    void afterStopDeliveriesAreRetriedAndLookupsRefusedWithoutRunning() {
        calls.stop(Duration.ofSeconds(1));
        AtomicBoolean ran = new AtomicBoolean();

        DeliveryResult one = calls.deliver(() -> {
            ran.set(true);
            return DeliveryResult.ok();
        });
        assertEquals(DeliveryResult.Status.RETRY, one.status());
        assertEquals("Acme adapter 'kit' is stopping", one.message());
        List<DeliveryResult> three = calls.deliverAll(3, () -> {
            ran.set(true);
            return List.of();
        });
        assertEquals(3, three.size());
        assertTrue(three.stream().allMatch(r -> r.status() == DeliveryResult.Status.RETRY));
        CrmException refused = assertThrows(CrmException.class, calls::enter);
        assertTrue(refused.isRetryable());
        assertFalse(ran.get());
    }

    @Test
    void stopWaitsForADeliveryInFlight() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        CompletableFuture<DeliveryResult> inFlight = CompletableFuture.supplyAsync(() -> calls.deliver(() -> {
            started.countDown();
            try {
                finish.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return DeliveryResult.ok();
        }));
        assertTrue(started.await(10, TimeUnit.SECONDS));
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> calls.stop(Duration.ofSeconds(10)));
        assertFalse(stopped.isDone(), "stop waits while the delivery runs");
        finish.countDown();
        stopped.get(10, TimeUnit.SECONDS);
        assertTrue(inFlight.get(10, TimeUnit.SECONDS).isOk());
    }
}
