package org.crmconnector.crm.dynamics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.crmconnector.crm.CrmException;
import org.crmconnector.crm.DeliveryResult;
import org.crmconnector.testing.adapter.SampleCalls;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** A 429 from Dataverse's service protection limits: its Retry-After is passed on and respected. */
class ServiceProtectionTest {

    @AutoClose
    private final DynamicsFixture fixture = new DynamicsFixture();

    @Test
    void noRequestGoesOutUntilTheRetryAfterHasPassed() {
        DynamicsConnector dynamics = fixture.start();
        assertTrue(dynamics.saveInteractionLog(SampleCalls.log("first")).isOk());
        fixture.environment.throttle(1, 120);

        DeliveryResult limited = dynamics.saveInteractionLog(SampleCalls.log("limited"));
        int sent = fixture.environment.count("api");
        fixture.clock.advance(Duration.ofSeconds(30));
        List<DeliveryResult> waiting = dynamics.saveInteractionLogs(List.of(SampleCalls.log("w1"), SampleCalls.log("w2")));
        CrmException pop = assertThrows(CrmException.class, () -> dynamics.screenPop(SampleCalls.call("+15551234567")));

        assertEquals(DeliveryResult.Status.RETRY, limited.status());
        assertEquals(Duration.ofSeconds(120), limited.retryAfter());
        assertTrue(limited.message().contains("0x80072322"), limited.message());
        waiting.forEach(r -> assertEquals(Duration.ofSeconds(90), r.retryAfter(), r.toString()));
        assertTrue(pop.isRetryable());
        assertEquals(sent, fixture.environment.count("api"), "nothing sent while the limit lasts");
        assertEquals(1, dynamics.status().get("serviceProtection429s"));

        fixture.clock.advance(Duration.ofSeconds(91));
        assertTrue(dynamics.saveInteractionLog(SampleCalls.log("limited")).isOk());
    }
}
