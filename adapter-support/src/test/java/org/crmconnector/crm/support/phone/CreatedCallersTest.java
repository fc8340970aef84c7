package org.crmconnector.crm.support.phone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.crmconnector.testing.MutableClock;
import org.junit.jupiter.api.Test;

class CreatedCallersTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final CreatedCallers<String> created = new CreatedCallers<>(clock, Duration.ofMinutes(15));

    @Test
    void oneNumberInAnyFormatIsCreatedOnceUntilForgotten() throws Exception {
        AtomicInteger creations = new AtomicInteger();

        assertEquals("r1", created.once("+44 20 7946 0000", () -> "r" + creations.incrementAndGet()));
        assertEquals("r1", created.once("0044 20 7946 0000", () -> "r" + creations.incrementAndGet()));
        assertEquals("r1", created.recent("+442079460000"));
        clock.advance(Duration.ofMinutes(15));
        assertNull(created.recent("+442079460000"));
        assertEquals("r2", created.once("+442079460000", () -> "r" + creations.incrementAndGet()));
    }

    @Test
    void aFailedCreationIsNotRemembered() {
        try {
            created.once("5551234567", () -> {
                throw new java.io.IOException("refused");
            });
        } catch (java.io.IOException expected) {
            // the next call tries again
        }
        assertNull(created.recent("5551234567"));
    }

    @Test
    void overlappingCreationsForOneNumberRunOnce() throws Exception {
        AtomicInteger creations = new AtomicInteger();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> calls = new ArrayList<>();
            calls.add(pool.submit(() -> created.once("5551234567", () -> {
                inside.countDown();
                finish.await();
                return "r" + creations.incrementAndGet();
            })));
            inside.await(10, TimeUnit.SECONDS);
            for (int i = 0; i < 3; i++) {
                calls.add(pool.submit(() -> created.once("555-123-4567", () -> "r" + creations.incrementAndGet())));
            }
            finish.countDown();
            for (Future<String> call : calls) {
                assertEquals("r1", call.get(10, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, creations.get());
    }
}
