package org.crmconnector.core.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.crmconnector.crm.CrmException;
import org.crmconnector.crm.CrmRecordRef;
import org.crmconnector.crm.DeliveryResult;
import org.crmconnector.crm.DispositionUpdate;
import org.crmconnector.crm.InteractionLog;
import org.crmconnector.crm.ScreenPop;
import org.crmconnector.crm.ScreenPopResult;
import org.crmconnector.crm.Trigger;
import org.crmconnector.crm.TriggerEvent;
import org.crmconnector.interaction.CrmObject;
import org.crmconnector.interaction.Interaction;
import org.crmconnector.interaction.InteractionState;
import org.crmconnector.softphone.CallAccepted;
import org.crmconnector.softphone.CallEnded;
import org.crmconnector.softphone.CallNotesSubmitted;
import org.crmconnector.softphone.CallRejected;
import org.crmconnector.softphone.CallbackEventType;
import org.crmconnector.softphone.IncomingCall;
import org.crmconnector.softphone.OutboundCallInitiated;
import org.crmconnector.softphone.SoftphoneEventType;
import org.crmconnector.softphone.StatusChanged;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The exported API classes (crm, interaction, softphone) that carry behaviour. */
class ApiContractTest {

    @Test
    void softphoneWireNamesAndPayloads() {
        assertEquals(Optional.of(SoftphoneEventType.INCOMING_CALL), SoftphoneEventType.fromWireName("incomingCall"));
        assertEquals(Optional.of(SoftphoneEventType.CALL_ACCEPTED), SoftphoneEventType.fromWireName("callAccepted"));
        assertEquals(Optional.of(SoftphoneEventType.CALL_REJECTED), SoftphoneEventType.fromWireName("callRejected"));
        assertEquals(Optional.of(SoftphoneEventType.CALL_ENDED), SoftphoneEventType.fromWireName("callEnded"));
        assertEquals(Optional.of(SoftphoneEventType.CALL_NOTES_SUBMITTED), SoftphoneEventType.fromWireName("callNotesSubmitted"));
        assertEquals(Optional.of(SoftphoneEventType.OUTBOUND_CALL_INITIATED),
                SoftphoneEventType.fromWireName("outboundCallInitiated"));
        assertEquals(Optional.of(SoftphoneEventType.STATUS_CHANGED), SoftphoneEventType.fromWireName("statusChanged"));
        assertSame(IncomingCall.class, SoftphoneEventType.INCOMING_CALL.payloadType());
        assertSame(CallAccepted.class, SoftphoneEventType.CALL_ACCEPTED.payloadType());
        assertSame(CallRejected.class, SoftphoneEventType.CALL_REJECTED.payloadType());
        assertSame(CallEnded.class, SoftphoneEventType.CALL_ENDED.payloadType());
        assertSame(CallNotesSubmitted.class, SoftphoneEventType.CALL_NOTES_SUBMITTED.payloadType());
        assertSame(OutboundCallInitiated.class, SoftphoneEventType.OUTBOUND_CALL_INITIATED.payloadType());
        assertSame(StatusChanged.class, SoftphoneEventType.STATUS_CHANGED.payloadType());
    }

    @ParameterizedTest
    @EnumSource(SoftphoneEventType.class)
    void everyWireNameRoundTrips(SoftphoneEventType t) {
        assertEquals(Optional.of(t), SoftphoneEventType.fromWireName(t.wireName()));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "IncomingCall", "incomingcall", "INCOMING_CALL", " incomingCall", "hangup"})
    void unknownWireNamesAreEmpty(String name) {
        assertEquals(Optional.empty(), SoftphoneEventType.fromWireName(name));
    }

    @Test
    void wireNamesAreUnique() {
        assertEquals(SoftphoneEventType.values().length,
                Arrays.stream(SoftphoneEventType.values()).map(SoftphoneEventType::wireName).collect(Collectors.toSet()).size());
        assertEquals(Set.of("disposition", "partner_config", "update_presence", "start_call"),
                Arrays.stream(CallbackEventType.values()).map(CallbackEventType::wireName).collect(Collectors.toSet()));
    }

    static Interaction interaction(String id, int leg) {
        Interaction i = new Interaction();
        i.interactionId = id;
        i.legId = leg;
        return i;
    }

    @Test
    void interactionLogKeyIsIdPlusLegForLaterLegs() {
        assertEquals("conv-1", new InteractionLog(interaction("conv-1", 0), null).key());
        assertEquals("conv-1#1", new InteractionLog(interaction("conv-1", 1), null).key());
        assertEquals("conv-1#2", new InteractionLog(interaction("conv-1", 2), new CrmRecordRef("Task", "00T1", null)).key(),
                "the existing record does not change the key");
        assertNotEquals(new InteractionLog(interaction("a", 1), null).key(), new InteractionLog(interaction("a", 2), null).key());
    }

    @Test
    void dispositionUpdateSharesTheLogKey() {
        for (int leg : new int[] {0, 3}) {
            Interaction i = interaction("conv-9", leg);
            assertEquals(new InteractionLog(i, null).key(), new DispositionUpdate(i, "Resolved", null).key());
        }
    }

    @Test
    void triggerEventKeyNamesIdLegAndTrigger() {
        assertEquals("conv-1#0@OFFERED", new TriggerEvent(Trigger.OFFERED, interaction("conv-1", 0)).key());
        assertNotEquals(new TriggerEvent(Trigger.ACCEPTED, interaction("c", 0)).key(),
                new TriggerEvent(Trigger.ENDED, interaction("c", 0)).key());
    }

    @Test
    void deliveryResults() {
        DeliveryResult ok = DeliveryResult.ok();
        assertTrue(ok.isOk());
        assertEquals(DeliveryResult.Status.OK, ok.status());
        assertNull(ok.record());
        assertNull(ok.message());
        assertNull(ok.retryAfter());
        assertSame(ok, DeliveryResult.ok(), "the record-less OK is shared");
        assertEquals("OK", ok.toString());

        CrmRecordRef ref = new CrmRecordRef("Task", "00T1", "https://crm/00T1");
        DeliveryResult written = DeliveryResult.ok(ref);
        assertTrue(written.isOk());
        assertSame(ref, written.record());
        assertEquals("OK Task/00T1", written.toString());

        DeliveryResult retry = DeliveryResult.retry("rate limited", Duration.ofSeconds(30));
        assertFalse(retry.isOk());
        assertEquals(DeliveryResult.Status.RETRY, retry.status());
        assertEquals("rate limited", retry.message());
        assertEquals(Duration.ofSeconds(30), retry.retryAfter());
        assertNull(retry.record());
        assertEquals("RETRY: rate limited", retry.toString());
        assertNull(DeliveryResult.retry("down").retryAfter());

        DeliveryResult cancel = DeliveryResult.cancel("bad field");
        assertFalse(cancel.isOk());
        assertEquals(DeliveryResult.Status.CANCEL, cancel.status());
        assertEquals("bad field", cancel.message());
        assertNull(cancel.retryAfter());
    }

    @Test
    void screenPopResultMatch() {
        ScreenPopResult r = new ScreenPopResult();
        assertEquals(ScreenPopResult.Match.NONE, r.match());
        r.matches.add(new CrmObject("1", "Contact", "Ann", true, false));
        assertEquals(ScreenPopResult.Match.ONE, r.match());
        r.matches.add(new CrmObject("2", "Contact", "Bob", true, false));
        assertEquals(ScreenPopResult.Match.MANY, r.match());
        assertNull(r.pop);
        assertFalse(r.offerAsOptions);
    }

    @Test
    void screenPopUrlFactory() {
        ScreenPop p = ScreenPop.url("https://crm/1", "request-tab", "Caller");
        assertEquals("https://crm/1", p.url);
        assertEquals("request-tab", p.target);
        assertEquals("Caller", p.title);
        assertTrue(p.visible);
        assertNull(p.command);
        assertTrue(p.commandArgs.isEmpty());
        assertEquals("_blank", new ScreenPop().target);
    }

    @Test
    void connectorDefaultsDeliverOneByOneInOrder() {
        List<String> seen = new ArrayList<>();
        AdapterRouterTest.Stub base = new AdapterRouterTest.Stub("x");
        org.crmconnector.crm.CrmConnector c = new org.crmconnector.crm.CrmConnector() {
            @Override
            public ScreenPopResult screenPop(org.crmconnector.crm.ScreenPopRequest request) {
                return base.screenPop(request);
            }

            @Override
            public DeliveryResult saveInteractionLog(InteractionLog log) {
                seen.add(log.key());
                return log.key().endsWith("#1") ? DeliveryResult.retry("later") : DeliveryResult.ok();
            }

            @Override
            public DeliveryResult setDisposition(DispositionUpdate update) {
                return DeliveryResult.ok();
            }

            @Override
            public List<CrmObject> search(org.crmconnector.crm.SearchRequest request) {
                return List.of();
            }

            @Override
            public List<org.crmconnector.crm.Disposition> dispositions() {
                return List.of();
            }
        };
        List<DeliveryResult> results = c.saveInteractionLogs(List.of(new InteractionLog(interaction("a", 0), null),
                new InteractionLog(interaction("a", 1), null), new InteractionLog(interaction("b", 0), null)));
        assertEquals(List.of("a", "a#1", "b"), seen);
        assertEquals(List.of(DeliveryResult.Status.OK, DeliveryResult.Status.RETRY, DeliveryResult.Status.OK),
                results.stream().map(DeliveryResult::status).toList());
        assertTrue(c.onTrigger(new TriggerEvent(Trigger.ENDED, interaction("a", 0))).isOk());
    }

    @Test
    void crmExceptionCarriesRetryability() {
        assertTrue(new CrmException("down", true).isRetryable());
        CrmException e = new CrmException("bad creds", false, new IllegalStateException("401"));
        assertFalse(e.isRetryable());
        assertEquals("401", e.getCause().getMessage());
    }

    @Test
    void interactionLookupNumbersPreferUpdatedAddresses() {
        Interaction i = new Interaction();
        assertNull(i.ani());
        assertNull(i.dnisForLookup());
        i.callerNumber = "+491";
        i.destinationAddress = "3000";
        assertEquals("+491", i.ani());
        assertEquals("3000", i.dnisForLookup());
        i.dnis = "+4930";
        assertEquals("+4930", i.dnisForLookup());
        i.updatedOriginatingAddress = "  ";
        i.updatedDestinationAddress = "";
        assertEquals("+491", i.ani(), "blank updated addresses are skipped");
        assertEquals("+4930", i.dnisForLookup());
        i.updatedOriginatingAddress = "0301";
        i.updatedDestinationAddress = "0302";
        assertEquals("0301", i.ani());
        assertEquals("0302", i.dnisForLookup());
    }

    @Test
    void onlyRejectedAndFinishedAreFinal() {
        assertEquals(Set.of(InteractionState.REJECTED, InteractionState.FINISHED),
                Arrays.stream(InteractionState.values()).filter(InteractionState::isFinal).collect(Collectors.toSet()));
    }

    @Test
    void crmObjectsAreEqualByIdAndLabel() {
        CrmObject a = new CrmObject("1", "Contact", "Ann", true, false);
        CrmObject b = new CrmObject("1", "Contact", "Other name", false, true);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, new CrmObject("1", "Lead", "Ann", true, false));
        assertNotEquals(a, new CrmObject("2", "Contact", "Ann", true, false));
        assertNotEquals(a, null);
    }
}
