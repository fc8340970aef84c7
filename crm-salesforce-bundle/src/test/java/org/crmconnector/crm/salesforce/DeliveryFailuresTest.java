package org.crmconnector.crm.salesforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.crmconnector.crm.CrmException;
import org.crmconnector.crm.DeliveryResult;
import org.crmconnector.crm.InteractionLog;
import org.crmconnector.crm.salesforce.emulator.SalesforceEmulator;
import org.crmconnector.crm.salesforce.emulator.SalesforceEmulator.Fault;
import org.crmconnector.testing.adapter.SampleCalls;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class DeliveryFailuresTest {

    @AutoClose
    private final AdapterFixture fixture = new AdapterFixture();

    @Test
    void manyWaitingLogsGoOutTwoHundredPerCall() {
        SalesforceConnector sf = fixture.start();
        List<InteractionLog> logs = logs("batch", 450);

        List<DeliveryResult> results = sf.saveInteractionLogs(logs);

        assertEquals(450, results.size());
        assertTrue(results.stream().allMatch(DeliveryResult::isOk));
        assertEquals(3, fixture.org.count("collections"), "ceil(450 / 200) requests");
        assertEquals(3, fixture.org.count("data"));
        assertEquals(450, fixture.org.tasks().size());
        assertEquals(450, new HashSet<>(results.stream().map(r -> r.record().id).toList()).size());
        // Results are in the order of the logs.
        for (int i = 0; i < logs.size(); i++) {
            assertEquals(logs.get(i).tenantKey(), fixture.org.task(results.get(i).record().id).get("CrmConnector_Key__c"));
        }
    }

    @Test
    void oneRejectedRecordInABatchIsCancelledAndTheOthersSaved() {
        fixture.org.validationRule(t -> "Bad subject".equals(t.get("Subject")), "Subject must describe the call", "Subject");
        SalesforceConnector sf = fixture.start();
        List<InteractionLog> logs = logs("mixed", 3);
        logs.get(1).interaction.subject = "Bad subject";

        List<DeliveryResult> results = sf.saveInteractionLogs(logs);

        assertTrue(results.get(0).isOk());
        assertEquals(DeliveryResult.Status.CANCEL, results.get(1).status());
        assertEquals("FIELD_CUSTOM_VALIDATION_EXCEPTION: Subject must describe the call [Subject]", results.get(1).message());
        assertTrue(results.get(2).isOk());
        assertEquals(2, fixture.org.tasks().size());
    }

    @Test
    void aValidationErrorIsCancelledWithSalesforcesMessageAndNotRetried() {
        fixture.org.validationRule(t -> t.get("CallDisposition") == null, "Choose a call result first", "CallDisposition");
        SalesforceConnector sf = fixture.start();

        DeliveryResult result = sf.saveInteractionLog(SampleCalls.log("invalid-1"));

        assertEquals(DeliveryResult.Status.CANCEL, result.status());
        assertEquals("FIELD_CUSTOM_VALIDATION_EXCEPTION: Choose a call result first [CallDisposition]", result.message());
        assertEquals(1, fixture.org.count("upsert"), "sent once, not retried");
        assertEquals(0, fixture.org.tasks().size());
    }

    @Test
    void aMissingExternalIdFieldKeepsTheLogsWaiting() {
        SalesforceConnector sf = fixture.start(fixture.config().and("task.externalIdField", "Missing_Key__c"));

        DeliveryResult single = sf.saveInteractionLog(SampleCalls.log("setup-1"));
        List<DeliveryResult> batch = sf.saveInteractionLogs(logs("setup-batch", 2));

        assertEquals(DeliveryResult.Status.RETRY, single.status());
        assertTrue(single.message().contains("Missing_Key__c"), single.message());
        assertTrue(batch.stream().allMatch(r -> r.status() == DeliveryResult.Status.RETRY));
    }

    @Test
    void anOutageIsRetriedLater() {
        SalesforceConnector sf = fixture.start();
        fixture.org.inject(Fault.SERVER_UNAVAILABLE, 1);

        DeliveryResult first = sf.saveInteractionLog(SampleCalls.log("outage-1"));
        DeliveryResult later = sf.saveInteractionLog(SampleCalls.log("outage-1"));

        assertEquals(DeliveryResult.Status.RETRY, first.status());
        assertTrue(first.message().contains("503"), first.message());
        assertTrue(later.isOk());
        assertEquals(1, fixture.org.tasks().size());
    }

    @Test
    void aLockedRowIsRetriedForSingleAndBatchedLogs() {
        SalesforceConnector sf = fixture.start();
        fixture.org.inject(Fault.UNABLE_TO_LOCK_ROW, 2);

        DeliveryResult single = sf.saveInteractionLog(SampleCalls.log("lock-1"));
        List<DeliveryResult> batch = sf.saveInteractionLogs(logs("lock-batch", 3));

        assertEquals(DeliveryResult.Status.RETRY, single.status());
        assertTrue(single.message().startsWith("UNABLE_TO_LOCK_ROW"), single.message());
        assertTrue(batch.stream().allMatch(r -> r.status() == DeliveryResult.Status.RETRY), batch.toString());
        assertEquals(0, fixture.org.tasks().size());
    }

    @Test
    void anExhaustedDailyAllocationIsRetriedWithTheBackOff() throws Exception {
        SalesforceConnector sf = fixture.start(fixture.config().and("limit.backoff.seconds", 600));
        fixture.org.apiUsage(15_000, 15_000);

        DeliveryResult single = sf.saveInteractionLog(SampleCalls.log("limit-1"));
        List<DeliveryResult> batch = sf.saveInteractionLogs(logs("limit-batch", 5));

        assertEquals(DeliveryResult.Status.RETRY, single.status());
        assertTrue(single.message().contains("REQUEST_LIMIT_EXCEEDED"), single.message());
        assertEquals(Duration.ofSeconds(600), single.retryAfter());
        assertTrue(batch.stream().allMatch(r -> r.status() == DeliveryResult.Status.RETRY));
        CrmException pop = assertThrows(CrmException.class, () -> sf.screenPop(SampleCalls.call("+15551234567")));
        assertTrue(pop.isRetryable());
    }

    @Test
    void nearTheDailyAllocationLoggingSlowsDown() throws Exception {
        SalesforceConnector sf = fixture.start(fixture.config()
                .and("limit.threshold.percent", 90).and("limit.backoff.seconds", 300));
        fixture.org.apiUsage(940, 1000);

        assertTrue(sf.saveInteractionLog(SampleCalls.log("near-1")).isOk(), "learns the usage from this answer");
        int callsSoFar = fixture.org.count("data");

        DeliveryResult deferred = sf.saveInteractionLog(SampleCalls.log("near-2"));
        assertEquals(DeliveryResult.Status.RETRY, deferred.status());
        assertTrue(deferred.message().contains("api-usage=941/1000"), deferred.message());
        assertEquals(Duration.ofSeconds(300), deferred.retryAfter());
        assertEquals(callsSoFar, fixture.org.count("data"), "no API call spent");

        // The agent's screen pop is never held back.
        sf.screenPop(SampleCalls.call("+15551234567"));
        assertEquals(callsSoFar + 1, fixture.org.count("data"));

        fixture.clock.advance(Duration.ofSeconds(301));
        assertTrue(sf.saveInteractionLog(SampleCalls.log("near-2")).isOk(), "one probe per back-off interval");
        assertEquals(DeliveryResult.Status.RETRY, sf.saveInteractionLog(SampleCalls.log("near-3")).status());

        fixture.org.apiUsage(100, 1000);
        fixture.clock.advance(Duration.ofSeconds(301));
        assertTrue(sf.saveInteractionLog(SampleCalls.log("near-3")).isOk());
        assertTrue(sf.saveInteractionLog(SampleCalls.log("near-4")).isOk(), "usage dropped: full speed again");
    }

    @Test
    void deactivationLetsACallInFlightFinishAndTurnsLaterOnesAway() throws Exception {
        SalesforceConnector sf = fixture.start();
        assertTrue(sf.saveInteractionLog(SampleCalls.log("before")).isOk());
        SalesforceEmulator.Hold hold = fixture.org.hold();

        CompletableFuture<DeliveryResult> inFlight = CompletableFuture.supplyAsync(
                () -> sf.saveInteractionLog(SampleCalls.log("in-flight")));
        assertTrue(hold.arrived.await(10, TimeUnit.SECONDS));
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(sf::deactivate);
        hold.release.countDown();

        assertTrue(inFlight.get(10, TimeUnit.SECONDS).isOk());
        stopping.get(10, TimeUnit.SECONDS);
        DeliveryResult after = sf.saveInteractionLog(SampleCalls.log("after"));
        assertEquals(DeliveryResult.Status.RETRY, after.status());
        assertNull(after.record());
        CrmException pop = assertThrows(CrmException.class, () -> sf.screenPop(SampleCalls.call("+15551234567")));
        assertTrue(pop.isRetryable());
        assertEquals(2, fixture.org.tasks().size());
    }

    private static List<InteractionLog> logs(String prefix, int count) {
        List<InteractionLog> logs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            logs.add(SampleCalls.log(prefix + "-" + i));
        }
        return logs;
    }
}
