package org.crmconnector.crm.dynamics;

import static org.crmconnector.testing.adapter.SampleCalls.addition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.crmconnector.crm.CrmRecordRef;
import org.crmconnector.crm.DeliveryResult;
import org.crmconnector.crm.InteractionAddition;
import org.crmconnector.crm.InteractionAddition.Kind;
import org.crmconnector.crm.InteractionLog;
import org.crmconnector.testing.adapter.SampleCalls;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Recordings, transcripts and summaries after the call land on the log's phone call, once. */
class AdditionsTest {

    @AutoClose
    private final DynamicsFixture fixture = new DynamicsFixture();

    private CrmRecordRef logged(DynamicsConnector dynamics) {
        InteractionLog log = SampleCalls.log("c1");
        log.interaction.comments = "Asked about the invoice";
        DeliveryResult result = dynamics.saveInteractionLog(log);
        assertTrue(result.isOk(), result.toString());
        return result.record();
    }

    private String column(CrmRecordRef call, String column) {
        return fixture.environment.phonecall(call.id).path(column).asText(null);
    }

    @Test
    void aSummaryIsAppendedToTheDescriptionOnceHoweverOftenItIsDelivered() {
        DynamicsConnector dynamics = fixture.start();
        CrmRecordRef call = logged(dynamics);
        InteractionAddition summary = addition("sum-1", Kind.SUMMARY, "Customer wants a refund.", call);

        DeliveryResult first = dynamics.saveAddition(summary);
        DeliveryResult again = dynamics.saveAddition(summary);

        assertTrue(first.isOk(), first.toString());
        assertTrue(again.isOk(), again.toString());
        assertEquals(call.id, first.record().id);
        String description = column(call, "description");
        assertTrue(description.startsWith("Asked about the invoice"), description);
        assertTrue(description.endsWith("\n\n[Summary sum-1]\nCustomer wants a refund."), description);
        assertEquals(1, description.split("\\[Summary sum-1]", -1).length - 1);
    }

    @Test
    void eachKindGoesToItsColumnAndTheCallIsFoundByItsKeyWhenTheLogNamedNoRecord() {
        fixture.environment.addPhonecallColumn("new_recordingurl");
        fixture.environment.addPhonecallColumn("new_transcript");
        DynamicsConnector dynamics = fixture.start(fixture.config().and("addition.fields",
                List.of("recording=new_recordingurl", "transcript=new_transcript+", "summary=description+")));
        CrmRecordRef call = logged(dynamics);

        DeliveryResult recording = dynamics.saveAddition(addition("rec-1", Kind.RECORDING, "https://rec.example/1.mp3", null));
        DeliveryResult transcript = dynamics.saveAddition(addition("tr-1", Kind.TRANSCRIPT, "Agent: Hello", null));
        DeliveryResult summary = dynamics.saveAddition(addition("sum-1", Kind.SUMMARY, "Refund", null));

        assertTrue(recording.isOk(), recording.toString());
        assertTrue(transcript.isOk(), transcript.toString());
        assertTrue(summary.isOk(), summary.toString());
        assertEquals(call.id, recording.record().id);
        assertEquals("https://rec.example/1.mp3", column(call, "new_recordingurl"));
        assertEquals("[Transcript tr-1]\nAgent: Hello", column(call, "new_transcript"));
        assertTrue(column(call, "description").endsWith("[Summary sum-1]\nRefund"), column(call, "description"));
        assertEquals(1, fixture.environment.phonecalls().size(), "an addition never creates a phone call");
    }

    @Test
    void aKindNotConfiguredIsCancelledWithoutARequest() {
        DynamicsConnector dynamics = fixture.start(fixture.config().and("addition.fields", List.of("summary=description+")));
        CrmRecordRef call = logged(dynamics);
        int requests = fixture.environment.count("api");

        DeliveryResult result = dynamics.saveAddition(addition("rec-1", Kind.RECORDING, "https://rec.example/1.mp3", call));

        assertEquals(DeliveryResult.Status.CANCEL, result.status());
        assertTrue(result.message().contains("no recording additions (addition.fields)"), result.message());
        assertEquals(requests, fixture.environment.count("api"));
    }

    @Test
    void aServiceProtectionLimitIsWaitedOutAndTheAdditionGoesInAfterwards() {
        DynamicsConnector dynamics = fixture.start();
        CrmRecordRef call = logged(dynamics);
        fixture.environment.throttle(1, 60);
        InteractionAddition summary = addition("sum-1", Kind.SUMMARY, "Refund", call);

        DeliveryResult limited = dynamics.saveAddition(summary);
        fixture.clock.advance(Duration.ofSeconds(61));
        DeliveryResult later = dynamics.saveAddition(summary);

        assertEquals(DeliveryResult.Status.RETRY, limited.status());
        assertEquals(Duration.ofSeconds(60), limited.retryAfter());
        assertTrue(later.isOk(), later.toString());
        assertTrue(column(call, "description").endsWith("[Summary sum-1]\nRefund"));
    }

    @Test
    void aWriteBetweenReadingAndAppendingIsKeptAndTheAdditionTriedAgain() {
        DynamicsConnector dynamics = fixture.start();
        CrmRecordRef call = logged(dynamics);
        fixture.environment.afterNextRetrieve(() -> fixture.environment.changePhonecall(call.id, "description", "Edited by hand"));
        InteractionAddition summary = addition("sum-1", Kind.SUMMARY, "Refund", call);

        DeliveryResult raced = dynamics.saveAddition(summary);
        DeliveryResult retried = dynamics.saveAddition(summary);

        assertEquals(DeliveryResult.Status.RETRY, raced.status(), raced.toString());
        assertTrue(raced.message().contains("0x80060882"), raced.message());
        assertTrue(retried.isOk(), retried.toString());
        assertEquals("Edited by hand\n\n[Summary sum-1]\nRefund", column(call, "description"));
    }

    @Test
    void aTooLongTextIsCutButItsMarkerKept() {
        DynamicsConnector dynamics = fixture.start();
        CrmRecordRef call = logged(dynamics);
        InteractionAddition transcript = addition("tr-1", Kind.TRANSCRIPT, "x".repeat(5000), call);

        assertTrue(dynamics.saveAddition(transcript).isOk());
        assertTrue(dynamics.saveAddition(transcript).isOk());

        String description = column(call, "description");
        assertEquals(2000, description.length());
        assertEquals(1, description.split("\\[Transcript tr-1]", -1).length - 1);
    }

    @Test
    void dataversesValidationErrorCancelsWithItsMessage() {
        DynamicsConnector dynamics = fixture.start();
        CrmRecordRef call = logged(dynamics);
        fixture.environment.rejectWrites("Summaries need approval");

        DeliveryResult result = dynamics.saveAddition(addition("sum-1", Kind.SUMMARY, "Refund", call));

        assertEquals(DeliveryResult.Status.CANCEL, result.status());
        assertTrue(result.message().contains("0x80040265 Summaries need approval"), result.message());
    }

    @Test
    void aDeletedPhonecallCancelsAndIsNotMadeAgain() {
        DynamicsConnector dynamics = fixture.start();
        CrmRecordRef gone = new CrmRecordRef("phonecall", UUID.randomUUID().toString(), null);

        DeliveryResult result = dynamics.saveAddition(addition("sum-1", Kind.SUMMARY, "Refund", gone));

        assertEquals(DeliveryResult.Status.CANCEL, result.status());
        assertTrue(result.message().contains("not in Dataverse"), result.message());
        assertTrue(fixture.environment.phonecalls().isEmpty());
    }
}
