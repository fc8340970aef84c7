package org.crmconnector.crm.genericrest;

import static org.crmconnector.crm.genericrest.testing.Configs.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.crmconnector.crm.CrmRecordRef;
import org.crmconnector.crm.DeliveryResult;
import org.crmconnector.crm.InteractionAddition;
import org.crmconnector.crm.InteractionAddition.Kind;
import org.crmconnector.crm.genericrest.testing.LoopbackCrm;
import org.crmconnector.crm.genericrest.testing.LoopbackCrm.Reply;
import org.crmconnector.crm.genericrest.testing.RecordingSleeper;
import org.crmconnector.testing.MutableClock;
import org.crmconnector.crm.support.http.SharedHttpClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Issue 14 part 2, the adapter's half: the attachment request with the addition's values. */
class AdditionsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private LoopbackCrm crm;
    private GenericRestConnector connector;

    private final SharedHttpClients clients = new SharedHttpClients("test");

    @BeforeEach
    void start() throws Exception {
        crm = new LoopbackCrm();
        connector = new GenericRestConnector(clients, new MutableClock(Instant.parse("2026-03-01T10:00:00Z")), new RecordingSleeper());
    }

    @AfterEach
    void stop() {
        connector.deactivate();
        clients.close();
        crm.close();
    }

    private void activate(Object... keyValues) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("crm.instance", "test");
        p.put("base.url", crm.url(""));
        for (int i = 0; i < keyValues.length; i += 2) {
            p.put((String) keyValues[i], keyValues[i + 1]);
        }
        connector.activate(config(p));
    }

    private static InteractionAddition recording(CrmRecordRef record) {
        InteractionAddition a = new InteractionAddition();
        a.tenantId = "t1";
        a.interactionId = "c1";
        a.additionKey = "rec-1";
        a.kind = Kind.RECORDING;
        a.url = "https://rec.example/1.mp3";
        a.record = record;
        return a;
    }

    @Test
    void aRecordingPatchesTheLogsRecord() throws Exception {
        crm.on("PATCH", "/crm/v3/objects/calls/call-1", Reply.json(200, "{\"id\":\"call-1\"}"));
        activate("attachment.url", "/crm/v3/objects/calls/{recordId}", "attachment.body",
                "{\"properties\":{\"hs_call_recording_url\":\"{additionUrl}\",\"key\":\"{additionKey}\"}}");

        DeliveryResult result = connector.saveAddition(recording(new CrmRecordRef("call", "call-1", null)));

        assertTrue(result.isOk(), result.toString());
        List<LoopbackCrm.Received> sent = crm.received("/crm/v3/objects/calls/call-1");
        assertEquals(1, sent.size());
        var properties = MAPPER.readTree(sent.get(0).body()).path("properties");
        assertEquals("https://rec.example/1.mp3", properties.path("hs_call_recording_url").asText());
        assertEquals("t1:c1/rec-1", properties.path("key").asText());
    }

    @Test
    void kindsNotTakenAndLogsWithoutRecordAreRefused() {
        activate("attachment.url", "/crm/v3/objects/calls/{recordId}", "attachment.body",
                "{\"properties\":{\"hs_call_recording_url\":\"{additionUrl}\"}}", "attachment.kinds", List.of("recording"));
        InteractionAddition summary = recording(new CrmRecordRef("call", "call-1", null));
        summary.kind = Kind.SUMMARY;

        assertEquals(DeliveryResult.Status.CANCEL, connector.saveAddition(summary).status());
        assertEquals(DeliveryResult.Status.CANCEL, connector.saveAddition(recording(null)).status());
        assertTrue(crm.received().isEmpty());
    }

    @Test
    void withoutAnAttachmentRequestAdditionsAreRefused() {
        activate();

        DeliveryResult result = connector.saveAddition(recording(new CrmRecordRef("call", "call-1", null)));

        assertEquals(DeliveryResult.Status.CANCEL, result.status());
        assertTrue(result.message().contains("attachment.url"), result.message());
    }

    @Test
    void aCrmOutageIsRetried() {
        crm.on("PATCH", "/crm/v3/objects/calls/call-1", Reply.json(503, "{}"));
        activate("attachment.url", "/crm/v3/objects/calls/{recordId}", "attachment.body",
                "{\"properties\":{\"hs_call_recording_url\":\"{additionUrl}\"}}", "http.max.attempts", 1);

        assertEquals(DeliveryResult.Status.RETRY,
                connector.saveAddition(recording(new CrmRecordRef("call", "call-1", null))).status());
    }
}
