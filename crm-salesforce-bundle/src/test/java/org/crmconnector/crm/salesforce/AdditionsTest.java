package org.crmconnector.crm.salesforce;

import static org.crmconnector.testing.adapter.SampleCalls.addition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.crmconnector.crm.CrmRecordRef;
import org.crmconnector.crm.DeliveryResult;
import org.crmconnector.crm.InteractionAddition;
import org.crmconnector.crm.InteractionAddition.Kind;
import org.crmconnector.crm.InteractionLog;
import org.crmconnector.testing.adapter.SampleCalls;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Issue 14 part 2, the adapter's half: additions land on the log's Task once. */
class AdditionsTest {

    @AutoClose
    private final AdapterFixture fixture = new AdapterFixture();

    private CrmRecordRef logged(SalesforceConnector sf) {
        InteractionLog log = SampleCalls.log("c1");
        log.interaction.comments = "Asked about the invoice";
        DeliveryResult result = sf.saveInteractionLog(log);
        assertTrue(result.isOk(), result.toString());
        return result.record();
    }

    @Test
    void aSummaryIsAppendedToTheDescriptionOnceHoweverOftenItIsDelivered() {
        SalesforceConnector sf = fixture.start();
        CrmRecordRef task = logged(sf);
        InteractionAddition summary = addition("sum-1", Kind.SUMMARY, "Customer wants a refund.", task);

        assertTrue(sf.saveAddition(summary).isOk());
        assertTrue(sf.saveAddition(summary).isOk());

        String description = (String) fixture.org.task(task.id).get("Description");
        assertTrue(description.startsWith("Asked about the invoice"), description);
        assertTrue(description.endsWith("\n\n[Summary sum-1]\nCustomer wants a refund."), description);
        assertEquals(1, description.split("\\[Summary sum-1]", -1).length - 1);
    }

    @Test
    void aRecordingSetsItsOwnFieldFoundByTheExternalIdWhenTheLogNamedNoRecord() {
        SalesforceConnector sf = fixture.start(fixture.config().and("addition.fields",
                List.of("recording=Recording_URL__c", "transcript=Description+")));
        CrmRecordRef task = logged(sf);

        DeliveryResult result = sf.saveAddition(addition("rec-1", Kind.RECORDING, "https://rec.example/1.mp3", null));

        assertTrue(result.isOk(), result.toString());
        assertEquals(task.id, result.record().id);
        Map<String, Object> saved = fixture.org.task(task.id);
        assertEquals("https://rec.example/1.mp3", saved.get("Recording_URL__c"));
        assertEquals(1, fixture.org.tasks().size());
    }

    @Test
    void aLongAdditionIsCutButNeverItsMarkerAndAFullDescriptionTakesNoMore() {
        SalesforceConnector sf = fixture.start();
        InteractionLog log = SampleCalls.log("c1");
        log.interaction.comments = "n".repeat(31_000);
        CrmRecordRef task = sf.saveInteractionLog(log).record();
        InteractionAddition summary = addition("sum-1", Kind.SUMMARY, "s".repeat(2_000), task);

        DeliveryResult first = sf.saveAddition(summary);
        assertTrue(first.isOk(), first.toString());
        assertTrue(sf.saveAddition(summary).isOk(), "found by its marker, though its text was cut");

        String description = (String) fixture.org.task(task.id).get("Description");
        assertEquals(32_000, description.length());
        assertEquals(1, description.split("\\[Summary sum-1]", -1).length - 1);
        DeliveryResult full = sf.saveAddition(addition("sum-2", Kind.SUMMARY, "more", task));
        assertEquals(DeliveryResult.Status.CANCEL, full.status(), full.toString());
        assertTrue(full.message().contains("is full (32000 characters)"), full.message());
    }

    @Test
    void twoAdditionsOfOneKindKeepBoth() {
        SalesforceConnector sf = fixture.start();
        CrmRecordRef task = logged(sf);

        sf.saveAddition(addition("t-1", Kind.TRANSCRIPT, "Agent: hello", task));
        sf.saveAddition(addition("t-2", Kind.TRANSCRIPT, "Caller: bye", task));

        String description = (String) fixture.org.task(task.id).get("Description");
        assertTrue(description.contains("[Transcript t-1]\nAgent: hello\n\n[Transcript t-2]\nCaller: bye"), description);
    }

    @Test
    void aKindNotConfiguredIsRefusedAndAMissingTaskToo() {
        SalesforceConnector sf = fixture.start(fixture.config().and("addition.fields", "recording=Recording_URL__c"));

        assertEquals(DeliveryResult.Status.CANCEL,
                sf.saveAddition(addition("s", Kind.SUMMARY, "text", null)).status());
        DeliveryResult missing = sf.saveAddition(addition("r", Kind.RECORDING, "https://rec.example/1", null));
        assertEquals(DeliveryResult.Status.CANCEL, missing.status(), missing.toString());
        assertTrue(missing.message().contains("c1"), missing.message());
    }
}
