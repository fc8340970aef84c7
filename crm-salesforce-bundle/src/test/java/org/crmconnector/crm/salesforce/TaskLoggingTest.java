package org.crmconnector.crm.salesforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;

import org.crmconnector.crm.CrmRecordRef;
import org.crmconnector.crm.DeliveryResult;
import org.crmconnector.crm.DispositionUpdate;
import org.crmconnector.crm.InteractionLog;
import org.crmconnector.interaction.Cav;
import org.crmconnector.interaction.Channel;
import org.crmconnector.interaction.CrmObject;
import org.crmconnector.interaction.Direction;
import org.crmconnector.interaction.Interaction;
import org.crmconnector.interaction.InteractionType;
import org.crmconnector.testing.adapter.SampleCalls;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TaskLoggingTest {

    @AutoClose
    private final AdapterFixture fixture = new AdapterFixture();

    @Test
    void everyMappedFieldReachesTheTask() {
        String contact = fixture.org.addContact("Jane Doe", "555-123-4567");
        String account = fixture.org.add("Account", Map.of("Name", "Acme", "Phone", "555-000-0000"));
        SalesforceConnector sf = fixture.start();
        Interaction call = richInteraction(contact, account);

        DeliveryResult result = sf.saveInteractionLog(new InteractionLog(call, null));

        assertTrue(result.isOk(), result.toString());
        Map<String, Object> task = fixture.org.task(result.record().id);
        assertEquals("Billing question", task.get("Subject"));
        assertEquals("Call", task.get("TaskSubtype"));
        assertEquals("Inbound", task.get("CallType"));
        assertEquals(120, task.get("CallDurationInSeconds"));
        assertEquals("Resolved", task.get("CallDisposition"));
        assertEquals("UCID-0001", task.get("CallObject"));
        assertEquals("Completed", task.get("Status"));
        assertEquals("2026-03-01", task.get("ActivityDate"));
        assertEquals(contact, task.get("WhoId"));
        assertEquals(account, task.get("WhatId"));
        assertEquals("t1:conv-42", task.get("CrmConnector_Key__c"), "the key is scoped by the tenant");
        assertEquals(fixture.org.url() + "/lightning/r/Task/" + result.record().id + "/view", result.record().url);

        String description = (String) task.get("Description");
        assertTrue(description.startsWith("Customer asked about the March invoice."), description);
        for (String line : List.of("Interaction ID: conv-42", "Channel: Voice", "Direction: Inbound",
                "Interaction Type: Transferred", "Is Transfer Interaction: true", "Transferred By: agent-7",
                "Priority: 3", "Caller Name: Jane Doe", "Caller Number: +15551234567", "DNIS: 8005550100",
                "Destination Address: 4100", "Updated Originating Address: 0015551234567",
                "Updated Destination Address: 8005550100", "Agent: agent-9", "Resource Address: station-12",
                "Topic ID: 77", "Topic Name: Billing", "Skill ID: 5", "Skill Name: Billing EN", "UUI: uui-data",
                "ASAI UUI: asai-data", "Interaction Origin: Elite", "Language: en",
                "Start Time (UTC): 2026-03-01T10:00:00Z", "Established Time (UTC): 2026-03-01T10:00:05Z",
                "End Time (UTC): 2026-03-01T10:02:05Z", "ACW Duration (s): 30", "Work Codes: WC1, WC2",
                "Attributes: department=billing", "Engagement Parameters: journey=renewal",
                "Custom Fields: account_tier=gold", "Call Variables: Customer.tier=gold",
                "Settings: showNotes=true", "Last Updated By: agent-9")) {
            assertTrue(description.contains(line), "missing '" + line + "' in\n" + description);
        }
        // Values with their own Task field are not repeated in the digest.
        assertFalse(description.contains("UCID:"), description);
        assertFalse(description.contains("Disposition Code:"), description);
    }

    @ParameterizedTest
    @CsvSource({ "INBOUND,Inbound", "OUTBOUND,Outbound", "INTERNAL,Internal" })
    void callTypeFollowsTheDirection(Direction direction, String callType) {
        SalesforceConnector sf = fixture.start();
        Interaction call = SampleCalls.interaction("dir-" + direction);
        call.direction = direction;
        call.destinationAddress = "+15559990000";

        DeliveryResult result = sf.saveInteractionLog(new InteractionLog(call, null));

        Map<String, Object> task = fixture.org.task(result.record().id);
        assertEquals(callType, task.get("CallType"));
        String expectedSubject = direction == Direction.OUTBOUND ? "Outbound call to +15559990000"
                : callType + " call from +15551234567";
        assertEquals(expectedSubject, task.get("Subject"));
        assertEquals(120, task.get("CallDurationInSeconds"), "from established to end when no duration is given");
        assertEquals("dir-" + direction, task.get("CallObject"), "the interaction id when there is no UCID");
    }

    @Test
    void aChatIsAPlainTask() {
        SalesforceConnector sf = fixture.start();
        Interaction chat = SampleCalls.interaction("chat-1");
        chat.channel = Channel.CHAT;

        Map<String, Object> task = fixture.org.task(sf.saveInteractionLog(new InteractionLog(chat, null)).record().id);

        assertEquals("Task", task.get("TaskSubtype"));
        assertEquals("Inbound chat from +15551234567", task.get("Subject"));
    }

    @Test
    void theMappingIsConfigurable() {
        SalesforceConnector sf = fixture.start(fixture.config().and("task.fieldMapping", List.of(
                "Subject=subject", "Queue__c=topicName|5", "Priority='High'", "Tier__c=cav.Customer.tier",
                "Description=description", "Status=status")).and("task.status", "Not Started"));
        Interaction call = SampleCalls.interaction("map-1");
        call.topicName = "Billing Department";
        call.cavs.add(new Cav("1", "tier", "Customer", "gold"));

        Map<String, Object> task = fixture.org.task(sf.saveInteractionLog(new InteractionLog(call, null)).record().id);

        assertEquals("Billi", task.get("Queue__c"));
        assertEquals("High", task.get("Priority"));
        assertEquals("gold", task.get("Tier__c"));
        assertEquals("Not Started", task.get("Status"));
        assertFalse(task.containsKey("CallType"));
        assertFalse(((String) task.get("Description")).contains("Topic Name"), "mapped values leave the digest");
    }

    @Test
    void salesforceFieldLengthsAreRespected() {
        SalesforceConnector sf = fixture.start();
        Interaction call = SampleCalls.interaction("long-1");
        call.subject = "S".repeat(300);
        call.comments = "N".repeat(40_000);
        call.dispositionCode = "D".repeat(260);
        call.ucid = "U".repeat(254) + "\uD83D\uDE00";

        DeliveryResult result = sf.saveInteractionLog(new InteractionLog(call, null));

        assertTrue(result.isOk(), result.toString());
        Map<String, Object> task = fixture.org.task(result.record().id);
        assertEquals(255, ((String) task.get("Subject")).length());
        assertEquals(32_000, ((String) task.get("Description")).length());
        assertEquals(255, ((String) task.get("CallDisposition")).length());
        assertEquals("U".repeat(254), task.get("CallObject"), "a surrogate pair is never split");
    }

    @Test
    void aLeadAsNameLeavesRelatedToEmpty() {
        String lead = fixture.org.add("Lead", Map.of("Name", "Lee Lead", "Phone", "555-123-4567"));
        String account = fixture.org.add("Account", Map.of("Name", "Acme"));
        SalesforceConnector sf = fixture.start();
        Interaction call = SampleCalls.interaction("lead-1");
        call.selectedName = new CrmObject(lead, "Lead", "Lee Lead", true, false);
        call.selectedRelatedTo = new CrmObject(account, "Account", "Acme", false, true);

        DeliveryResult result = sf.saveInteractionLog(new InteractionLog(call, null));

        assertTrue(result.isOk(), result.toString());
        Map<String, Object> task = fixture.org.task(result.record().id);
        assertEquals(lead, task.get("WhoId"));
        assertFalse(task.containsKey("WhatId"));
    }

    @Test
    void activityDateIsTheUtcDateOfTheStartWhateverTheLocalZone() {
        TimeZone original = TimeZone.getDefault();
        try {
            SalesforceConnector sf = fixture.start();
            // 23:30 UTC is already the next day in Kiritimati (UTC+14).
            TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati"));
            Interaction late = SampleCalls.interaction("tz-1");
            late.startTime = Instant.parse("2026-03-01T23:30:00Z");
            // 05:00 UTC is still the previous day in Pago Pago (UTC-11).
            TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Pago_Pago"));
            Interaction early = SampleCalls.interaction("tz-2");
            early.startTime = Instant.parse("2026-03-01T05:00:00Z");

            TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati"));
            DeliveryResult first = sf.saveInteractionLog(new InteractionLog(late, null));
            TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Pago_Pago"));
            DeliveryResult second = sf.saveInteractionLog(new InteractionLog(early, null));

            assertEquals("2026-03-01", fixture.org.task(first.record().id).get("ActivityDate"));
            assertEquals("2026-03-01", fixture.org.task(second.record().id).get("ActivityDate"));
        } finally {
            TimeZone.setDefault(original);
        }
    }

    @Test
    void theSameLogDeliveredTwiceLeavesOneTask() {
        SalesforceConnector sf = fixture.start();
        InteractionLog log = SampleCalls.log("dup-1");

        DeliveryResult first = sf.saveInteractionLog(log);
        DeliveryResult again = sf.saveInteractionLog(log);
        List<DeliveryResult> replay = sf.saveInteractionLogs(List.of(log, SampleCalls.log("other")));

        assertEquals(2, fixture.org.tasks().size());
        assertEquals(first.record().id, again.record().id);
        assertEquals(first.record().id, replay.get(0).record().id);
    }

    @Test
    void twoTenantsSharingTheInstanceNeverWriteOverEachOthersTasks() {
        SalesforceConnector sf = fixture.start();
        Interaction ours = SampleCalls.interaction("same-id");
        ours.comments = "ours";
        Interaction theirs = SampleCalls.interaction("same-id");
        theirs.tenantId = "t2";
        theirs.comments = "theirs";

        DeliveryResult first = sf.saveInteractionLog(new InteractionLog(ours, null));
        DeliveryResult second = sf.saveInteractionLog(new InteractionLog(theirs, null));
        sf.saveInteractionLogs(List.of(new InteractionLog(ours, null), new InteractionLog(theirs, null)));

        assertEquals(2, fixture.org.tasks().size());
        assertFalse(first.record().id.equals(second.record().id));
        assertEquals("t1:same-id", fixture.org.task(first.record().id).get("CrmConnector_Key__c"));
        assertEquals("t2:same-id", fixture.org.task(second.record().id).get("CrmConnector_Key__c"));
        assertTrue(((String) fixture.org.task(first.record().id).get("Description")).startsWith("ours"));
    }

    @Test
    void legsGetTheirOwnTasksByDefault() {
        SalesforceConnector sf = fixture.start();
        Interaction leg0 = SampleCalls.interaction("xfer-1");
        Interaction leg1 = SampleCalls.interaction("xfer-1");
        leg1.legId = 1;
        leg1.interactionType = InteractionType.TRANSFERRED;

        sf.saveInteractionLogs(List.of(new InteractionLog(leg0, null), new InteractionLog(leg1, null)));

        assertEquals(2, fixture.org.tasks().size());
        assertTrue(fixture.org.tasks().stream().anyMatch(t -> "t1:xfer-1#1".equals(t.get("CrmConnector_Key__c"))));
    }

    @Test
    void oneTaskPerInteractionWhenConfigured() {
        SalesforceConnector sf = fixture.start(fixture.config().and("task.granularity", "PER_INTERACTION"));
        Interaction leg0 = SampleCalls.interaction("xfer-2");
        Interaction leg1 = SampleCalls.interaction("xfer-2");
        leg1.legId = 1;
        leg1.agentId = "second-agent";

        List<DeliveryResult> results = sf.saveInteractionLogs(
                List.of(new InteractionLog(leg0, null), new InteractionLog(leg1, null)));

        assertTrue(results.get(0).isOk() && results.get(1).isOk(), results.toString());
        assertEquals(1, fixture.org.tasks().size());
        Map<String, Object> task = fixture.org.tasks().get(0);
        assertEquals("t1:xfer-2", task.get("CrmConnector_Key__c"));
        assertTrue(((String) task.get("Description")).contains("Agent: second-agent"), "the later leg wins");
    }

    @Test
    void aDispositionUpdatesTheTaskTheLogWrote() {
        SalesforceConnector sf = fixture.start();
        Interaction call = SampleCalls.interaction("disp-1");
        DeliveryResult logged = sf.saveInteractionLog(new InteractionLog(call, null));

        DeliveryResult byId = sf.setDisposition(new DispositionUpdate(call, "Callback", logged.record()));
        assertTrue(byId.isOk(), byId.toString());
        assertEquals("Callback", fixture.org.task(logged.record().id).get("CallDisposition"));
        assertEquals(1, fixture.org.count("update"));

        DeliveryResult byKey = sf.setDisposition(new DispositionUpdate(call, "Sale", null));
        assertTrue(byKey.isOk(), byKey.toString());
        assertEquals(logged.record().id, byKey.record().id);
        assertEquals("Sale", fixture.org.task(logged.record().id).get("CallDisposition"));
        assertEquals(1, fixture.org.tasks().size());
    }

    @Test
    void aDispositionForADeletedRecordFallsBackToTheExternalId() {
        SalesforceConnector sf = fixture.start();
        Interaction call = SampleCalls.interaction("disp-2");
        DeliveryResult logged = sf.saveInteractionLog(new InteractionLog(call, null));

        DeliveryResult result = sf.setDisposition(
                new DispositionUpdate(call, "Sale", new CrmRecordRef("Task", "00T000000009999AAA", null)));

        assertTrue(result.isOk(), result.toString());
        assertEquals(logged.record().id, result.record().id);
        assertEquals("Sale", fixture.org.task(logged.record().id).get("CallDisposition"));
    }

    @Test
    void aDispositionOvertakingItsLogStillEndsInOneCompleteTask() {
        SalesforceConnector sf = fixture.start();
        Interaction call = SampleCalls.interaction("disp-3");
        call.dispositionCode = null;

        DeliveryResult disposition = sf.setDisposition(new DispositionUpdate(call, "Sale", null));
        DeliveryResult log = sf.saveInteractionLog(new InteractionLog(call, null));

        assertTrue(disposition.isOk() && log.isOk());
        assertEquals(1, fixture.org.tasks().size());
        Map<String, Object> task = fixture.org.tasks().get(0);
        assertEquals("Sale", task.get("CallDisposition"), "the later log has no code and leaves it alone");
        assertEquals("Call", task.get("TaskSubtype"));
        assertNotNull(task.get("Subject"));
    }

    private static Interaction richInteraction(String contact, String account) {
        Interaction call = SampleCalls.interaction("conv-42");
        call.ucid = "UCID-0001";
        call.subject = "Billing question";
        call.comments = "Customer asked about the March invoice.";
        call.dispositionCode = "Resolved";
        call.durationSeconds = 120L;
        call.acwDurationSeconds = 30L;
        call.interactionType = InteractionType.TRANSFERRED;
        call.transfer = true;
        call.transferredBy = "agent-7";
        call.priority = 3;
        call.language = "en";
        call.callerName = "Jane Doe";
        call.dnis = "8005550100";
        call.destinationAddress = "4100";
        call.updatedOriginatingAddress = "0015551234567";
        call.updatedDestinationAddress = "8005550100";
        call.agentId = "agent-9";
        call.resourceAddress = "station-12";
        call.topicId = "77";
        call.topicName = "Billing";
        call.skillId = "5";
        call.skillName = "Billing EN";
        call.uui = "uui-data";
        call.asaiUui = "asai-data";
        call.interactionOrigin = "Elite";
        call.workCodes.addAll(List.of("WC1", "WC2"));
        call.attributes.put("department", "billing");
        call.engagementParameters.put("journey", "renewal");
        call.customFields.put("account_tier", "gold");
        call.cavs.add(new Cav("1", "tier", "Customer", "gold"));
        call.settings.put("showNotes", true);
        call.lastUpdatedBy = "agent-9";
        call.selectedName = new CrmObject(contact, "Contact", "Jane Doe", true, false);
        call.selectedRelatedTo = new CrmObject(account, "Account", "Acme", false, true);
        return call;
    }
}
