package org.crmconnector.crm.dynamics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import org.crmconnector.crm.CrmRecordRef;
import org.crmconnector.crm.DeliveryResult;
import org.crmconnector.crm.DispositionUpdate;
import org.crmconnector.crm.InteractionLog;
import org.crmconnector.interaction.CrmObject;
import org.crmconnector.interaction.Direction;
import org.crmconnector.interaction.Interaction;
import org.crmconnector.testing.adapter.SampleCalls;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Interaction logs as phone call activities in the emulated environment: columns, keys, batches, dispositions. */
class PhonecallLoggingTest {

    @AutoClose
    private final DynamicsFixture fixture = new DynamicsFixture();

    @Test
    void anInboundCallBecomesAPhonecallRegardingTheSelectedContact() {
        String ada = fixture.environment.addContact("Ada Lovelace", "555-123-4567");
        DynamicsConnector dynamics = fixture.start();
        Interaction call = SampleCalls.interaction("in-1");
        call.comments = "Asked about the invoice";
        call.dispositionCode = "Resolved";
        call.durationSeconds = 121L;
        call.selectedName = new CrmObject(ada, "contact", "Ada Lovelace", true, false);

        DeliveryResult result = dynamics.saveInteractionLog(new InteractionLog(call, null));

        assertTrue(result.isOk(), result.toString());
        ObjectNode row = fixture.environment.phonecall(result.record().id);
        assertEquals("phonecall", result.record().type);
        assertEquals(fixture.environment.url() + "/main.aspx?etn=phonecall&id=" + result.record().id + "&pagetype=entityrecord",
                result.record().url);
        assertEquals("t1:in-1", row.path("new_crmconnectorkey").asText());
        assertEquals("Inbound call from +15551234567", row.path("subject").asText());
        assertFalse(row.path("directioncode").asBoolean(), "false is incoming");
        assertEquals("+15551234567", row.path("phonenumber").asText());
        assertEquals(3, row.path("actualdurationminutes").asInt(), "121 s are three started minutes");
        assertEquals("2026-03-01T10:00:05Z", row.path("actualstart").asText());
        assertEquals("2026-03-01T10:02:05Z", row.path("actualend").asText());
        assertEquals(ada, row.path("_regardingobjectid_value").asText());
        assertEquals("contact", row.path("_regardingobjectid_value@Microsoft.Dynamics.CRM.lookuplogicalname").asText());
        String description = row.path("description").asText();
        assertTrue(description.startsWith("Asked about the invoice\n\n--- Interaction details ---\nDisposition: Resolved\n"),
                description);
    }

    @Test
    void anOutboundCallIsOutgoingToTheDialledNumberAndRegardsTheRelatedRecord() {
        String account = fixture.environment.add("accounts", Map.of("name", "Contoso", "telephone1", "555-000-1111"));
        String ada = fixture.environment.addContact("Ada Lovelace", "555-123-4567");
        DynamicsConnector dynamics = fixture.start(fixture.config().and("phonecall.dispositionColumn", "new_disposition"));
        fixture.environment.addPhonecallColumn("new_disposition");
        Interaction call = SampleCalls.interaction("out-1");
        call.direction = Direction.OUTBOUND;
        call.destinationAddress = "+44 20 7946 0000";
        call.dispositionCode = "Callback";
        call.selectedName = new CrmObject(ada, "contact", "Ada Lovelace", true, false);
        call.selectedRelatedTo = new CrmObject(account, "account", "Contoso", false, true);

        DeliveryResult result = dynamics.saveInteractionLog(new InteractionLog(call, null));

        ObjectNode row = fixture.environment.phonecall(result.record().id);
        assertTrue(row.path("directioncode").asBoolean(), "true is outgoing");
        assertEquals("Outbound call to +44 20 7946 0000", row.path("subject").asText());
        assertEquals("+44 20 7946 0000", row.path("phonenumber").asText());
        assertEquals(account, row.path("_regardingobjectid_value").asText(), "Related To wins over Name");
        assertEquals("Callback", row.path("new_disposition").asText());
    }

    @Test
    void theWrapUpUpdatesTheRecordByIdAndADeletedRecordIsWrittenAgainUnderItsKey() {
        DynamicsConnector dynamics = fixture.start();
        Interaction call = SampleCalls.interaction("wrap-1");
        DeliveryResult first = dynamics.saveInteractionLog(new InteractionLog(call, null));
        call.comments = "wrap-up notes";

        DeliveryResult update = dynamics.saveInteractionLog(new InteractionLog(call, first.record()));
        DeliveryResult gone = dynamics.saveInteractionLog(new InteractionLog(call,
                new CrmRecordRef("phonecall", "0f0f0f0f-0000-0000-0000-000000000000", null)));

        assertEquals(first.record().id, update.record().id);
        assertEquals(first.record().id, gone.record().id, "If-Match: * found nothing; the key found the record");
        assertEquals(1, fixture.environment.phonecalls().size());
        assertTrue(fixture.environment.phonecall(first.record().id).path("description").asText().startsWith("wrap-up notes"));
    }

    @Test
    void aDispositionIsWrittenIntoTheSameRecord() {
        DynamicsConnector dynamics = fixture.start(fixture.config().and("phonecall.dispositionColumn", "new_disposition"));
        fixture.environment.addPhonecallColumn("new_disposition");
        Interaction call = SampleCalls.interaction("dispo-1");
        DeliveryResult logged = dynamics.saveInteractionLog(new InteractionLog(call, null));

        DeliveryResult disposed = dynamics.setDisposition(new DispositionUpdate(call, "Sale", logged.record()));

        assertTrue(disposed.isOk(), disposed.toString());
        assertEquals(1, fixture.environment.phonecalls().size());
        assertEquals("Sale", fixture.environment.phonecall(logged.record().id).path("new_disposition").asText());
    }

    @Test
    void waitingLogsGoOutInBatchesAndOneRefusedRowHoldsNoOtherBack() {
        DynamicsConnector dynamics = fixture.start(fixture.config().and("batch.size", 100));
        List<InteractionLog> logs = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            logs.add(SampleCalls.log("batch-" + i));
        }
        // regarding a contact that does not exist: Dataverse refuses that row alone
        logs.get(7).interaction.selectedName = new CrmObject("0f0f0f0f-1111-1111-1111-000000000000", "contact", "Gone", true, false);

        List<DeliveryResult> results = dynamics.saveInteractionLogs(logs);

        assertEquals(250, results.size());
        assertEquals(3, fixture.environment.count("batch"), "ceil(250 / 100) requests");
        assertEquals(DeliveryResult.Status.CANCEL, results.get(7).status());
        assertTrue(results.get(7).message().contains("Does Not Exist"), results.get(7).message());
        assertEquals(249, fixture.environment.phonecalls().size());
        assertEquals(249, new HashSet<>(results.stream().filter(DeliveryResult::isOk).map(r -> r.record().id).toList()).size());
        for (int i = 0; i < logs.size(); i++) {
            if (i != 7) {
                assertEquals(logs.get(i).tenantKey(),
                        fixture.environment.phonecall(results.get(i).record().id).path("new_crmconnectorkey").asText());
            }
        }
    }
}
