package org.crmconnector.crm.support.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

import org.crmconnector.crm.support.http.AuthenticationException;
import org.crmconnector.testing.MutableClock;
import org.junit.jupiter.api.Test;

class TokenCacheTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final AtomicInteger fetches = new AtomicInteger();

    /** Tokens t1, t2, ... valid for {@code lifetime} from when fetched; null lifetime: none given. */
    private TokenSource source(Duration lifetime) {
        return () -> {
            String value = "t" + fetches.incrementAndGet();
            return lifetime == null ? AccessToken.withoutLifetime(value)
                    : AccessToken.expiring(value, clock.instant(), lifetime);
        };
    }

    @Test
    void oneTokenServesCallsUntilTheMarginBeforeItExpires() throws Exception {
        TokenCache cache = new TokenCache(source(Duration.ofHours(1)), clock, Duration.ofMinutes(5));

        assertEquals("t1", cache.current().value());
        clock.advance(Duration.ofMinutes(54));
        assertEquals("t1", cache.current().value());
        clock.advance(Duration.ofMinutes(1));
        assertEquals("t2", cache.current().value(), "renewed 5 minutes before expiry");
        assertEquals(Instant.parse("2026-03-01T11:55:00Z"), cache.expiresAt());
    }

    @Test
    void aLifetimeShorterThanTwiceTheMarginIsRenewedHalfwayThrough() throws Exception {
        TokenCache cache = new TokenCache(source(Duration.ofSeconds(60)), clock, Duration.ofSeconds(60));

        assertEquals("t1", cache.current().value());
        clock.advance(Duration.ofSeconds(29));
        assertEquals("t1", cache.current().value());
        clock.advance(Duration.ofSeconds(1));
        assertEquals("t2", cache.current().value());
    }

    @Test
    void aTokenWithoutLifetimeIsKeptUntilRefused() throws Exception {
        TokenCache cache = new TokenCache(source(null), clock, Duration.ofMinutes(5));

        AccessToken first = cache.current();
        clock.advance(Duration.ofDays(30));
        assertSame(first, cache.current());
        assertEquals("t2", cache.renew(first).value());
        assertEquals(2, fetches.get());
    }

    @Test
    void aRefusedTokenAlreadyReplacedIsNotRenewedAgain() throws Exception {
        TokenCache cache = new TokenCache(source(null), clock, Duration.ofMinutes(5));
        AccessToken refused = cache.current();

        AccessToken second = cache.renew(refused);
        assertSame(second, cache.renew(refused), "the second caller refused t1 gets t2 without a request");
        assertSame(second, cache.renew("t1"));
        assertEquals(2, fetches.get());
    }

    @Test
    void concurrentCallersRefusedTheSameTokenCauseOneRenewal() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        TokenSource slow = () -> {
            int n = fetches.incrementAndGet();
            if (n > 1) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return AccessToken.withoutLifetime("t" + n);
        };
        TokenCache cache = new TokenCache(slow, clock, Duration.ofMinutes(5));
        AccessToken refused = cache.current();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<AccessToken>> renewed = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                renewed.add(pool.submit(() -> cache.renew(refused)));
            }
            release.countDown();
            for (Future<AccessToken> f : renewed) {
                assertEquals("t2", f.get(10, TimeUnit.SECONDS).value());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(2, fetches.get());
    }

    @Test
    void aFailedRequestLeavesNoTokenAndTheNextCallTriesAgain() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        TokenCache cache = new TokenCache(() -> {
            if (calls.incrementAndGet() == 1) {
                throw new AuthenticationException("endpoint down", true, null);
            }
            return AccessToken.withoutLifetime("ok");
        }, clock, Duration.ofMinutes(5));

        AuthenticationException e = assertThrows(AuthenticationException.class, cache::current);
        assertTrue(e.isRetryable());
        assertEquals("ok", cache.current().value());
    }

    @Test
    void theTokenNeverAppearsInItsText() {
        AccessToken token = AccessToken.expiring("s3cr3t", Instant.EPOCH, Duration.ofHours(1));
        assertFalse(token.toString().contains("s3cr3t"));
        assertFalse(AccessToken.withoutLifetime("s3cr3t").toString().contains("s3cr3t"));
        assertEquals("Bearer s3cr3t", token.authorizationHeader());
    }
}
