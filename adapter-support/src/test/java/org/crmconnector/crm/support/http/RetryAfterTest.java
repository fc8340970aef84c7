package org.crmconnector.crm.support.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void delaySecondsAndDatesAreWaits() {
        assertEquals(Duration.ofSeconds(7), RetryAfter.parse(" 7 ", CLOCK));
        assertEquals(Duration.ofSeconds(30), RetryAfter.parse("Sun, 01 Mar 2026 10:00:30 GMT", CLOCK));
        assertEquals(Duration.ZERO, RetryAfter.parse("Sun, 01 Mar 2026 09:00:00 GMT", CLOCK), "a date passed");
        assertNull(RetryAfter.parse("soon", CLOCK));
        assertNull(RetryAfter.parse(null, CLOCK));
    }

    @Test
    void theSecondsOnlyReadingTakesNoDate() {
        assertEquals(Duration.ofSeconds(7), RetryAfter.seconds("7"));
        assertNull(RetryAfter.seconds("Sun, 01 Mar 2026 10:00:30 GMT"));
        assertNull(RetryAfter.seconds("99999999999"), "beyond nine digits");
        assertNull(RetryAfter.seconds(null));
    }
}
