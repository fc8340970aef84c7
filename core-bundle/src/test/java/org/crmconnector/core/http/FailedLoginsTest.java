package org.crmconnector.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class FailedLoginsTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final List<String> logged = new ArrayList<>();
    private final FailedLogins logins = new FailedLogins(3, Duration.ofSeconds(60), now::get, logged::add);

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void aClientBacksOffAfterTooManyFailuresForOneTenantUntilTheWindowEnds() {
        for (int i = 0; i < 3; i++) {
            assertEquals(OptionalLong.empty(), logins.backOff("10.0.0.1", "acme"), "failure " + i + " is still answered");
            logins.failed("10.0.0.1", "acme");
        }
        assertEquals(OptionalLong.of(60), logins.backOff("10.0.0.1", "acme"));
        advance(Duration.ofSeconds(45));
        assertEquals(OptionalLong.of(15), logins.backOff("10.0.0.1", "acme"), "Retry-After counts down");
        advance(Duration.ofMillis(14_500));
        assertEquals(OptionalLong.of(1), logins.backOff("10.0.0.1", "acme"), "rounded up, never 0");
        advance(Duration.ofSeconds(1));
        assertEquals(OptionalLong.empty(), logins.backOff("10.0.0.1", "acme"), "the window ended");
        logins.failed("10.0.0.1", "acme");
        assertEquals(OptionalLong.empty(), logins.backOff("10.0.0.1", "acme"), "a new window counts from one");
    }

    @Test
    void otherClientsAndOtherTenantsAreNotHeldUp() {
        for (int i = 0; i < 3; i++) {
            logins.failed("10.0.0.1", "acme");
        }
        assertTrue(logins.backOff("10.0.0.1", "acme").isPresent());
        assertEquals(OptionalLong.empty(), logins.backOff("10.0.0.2", "acme"));
        assertEquals(OptionalLong.empty(), logins.backOff("10.0.0.1", "globex"));
    }

    @Test
    void aRightKeyForgetsTheFailures() {
        logins.failed("10.0.0.1", "acme");
        logins.failed("10.0.0.1", "acme");
        logins.succeeded("10.0.0.1", "acme");
        logins.failed("10.0.0.1", "acme");
        logins.failed("10.0.0.1", "acme");
        assertEquals(OptionalLong.empty(), logins.backOff("10.0.0.1", "acme"));
    }

    @Test
    void tenantsThatDoNotExistAreCountedAlikeSoTheBackOffTellsNothing() {
        for (int i = 0; i < 3; i++) {
            logins.failed("10.0.0.1", "no-such-tenant");
        }
        assertEquals(OptionalLong.of(60), logins.backOff("10.0.0.1", "no-such-tenant"));
    }

    @Test
    void theTableStaysBoundedWhateverTenantIdsAClientInvents() {
        for (int i = 0; i < FailedLogins.MAX_TRACKED + 500; i++) {
            logins.failed("10.0.0.1", "invented-" + i);
        }
        assertTrue(logins.tracked() <= FailedLogins.MAX_TRACKED, "tracked " + logins.tracked());
    }

    @Test
    void eachFailureIsLoggedWithClientAndTenantUntilTheBackOffStarts() {
        for (int i = 0; i < 5; i++) {
            logins.failed("10.0.0.9", "acme");
        }
        assertEquals(3, logged.size(), "failures beyond the limit fill no log: " + logged);
        assertTrue(logged.get(0).contains("'acme'") && logged.get(0).contains("10.0.0.9") && logged.get(0).contains("1 of 3"),
                logged.get(0));
        assertTrue(logged.get(2).contains("429"), logged.get(2));
    }

    @Test
    void tenantIdsAreMadeSafeForTheLog() {
        assertEquals("acme?INFO?forged", FailedLogins.printable("acme\nINFO forged"));
        assertEquals(64, FailedLogins.printable("x".repeat(500)).length());
    }

    @Test
    void aConfigurationThatWouldNeverBackOffIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new FailedLogins(0, Duration.ofSeconds(60), now::get, logged::add));
        assertThrows(IllegalArgumentException.class, () -> new FailedLogins(3, Duration.ZERO, now::get, logged::add));
    }

    @Test
    void consoleFailuresAreCountedPerClientApartFromEveryTenant() {
        for (int i = 0; i < 3; i++) {
            logins.consoleFailed("10.0.0.1", "admin");
        }
        assertEquals(OptionalLong.of(60), logins.consoleBackOff("10.0.0.1"));
        assertEquals(OptionalLong.empty(), logins.consoleBackOff("10.0.0.2"));
        assertEquals(OptionalLong.empty(), logins.backOff("10.0.0.1", "console"), "a tenant named console is not held");
        assertTrue(logged.get(0).contains("Web Console") && logged.get(0).contains("'admin'"), logged.get(0));
        assertTrue(logged.get(2).contains("429"), logged.get(2));
        logins.consoleSucceeded("10.0.0.2");
        assertTrue(logins.consoleBackOff("10.0.0.1").isPresent(), "another client's login forgets nothing of this one");
    }

    @Test
    void userNamesAreMadeSafeForTheLog() {
        assertEquals("ops@example.com", FailedLogins.printableUser("ops@example.com"));
        assertEquals("admin?INFO?forged??", FailedLogins.printableUser("admin\nINFO forged'\\"));
        assertEquals(64, FailedLogins.printableUser("x".repeat(500)).length());
    }
}
