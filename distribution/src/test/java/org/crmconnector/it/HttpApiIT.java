package org.crmconnector.it;

import static org.crmconnector.it.Api.map;
import static org.crmconnector.it.Api.tenantPath;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The tenant API over real HTTP against the running server (no adapters):
 * each softphone event and its effect, lifecycle errors, every interaction
 * endpoint, CRMConnectMessages, authentication and tenant isolation, bad
 * input of every kind (which changes nothing), /health and /metrics.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HttpApiIT extends PreparedServer {

    static final String A = "acme";
    static final String A_KEY = "acme-key-0123456789abcdef";
    static final String B = "globex";
    static final String B_KEY = "globex-key-fedcba9876543210";
    /** The smallest limit the server accepts; every well-formed body of these tests is far below it. */
    static final int MAX_BODY = 1024;

    @Override
    protected void prepare() throws Exception {
        org.osgi.service.cm.Configuration http = configAdmin.getConfiguration("org.crmconnector.http", "?");
        Hashtable<String, Object> limits = new Hashtable<>();
        limits.put("max.body.bytes", MAX_BODY);
        http.update(limits);
        api.createTenant(configAdmin, A, A_KEY, map("dispositions", new String[] {"Resolved", "Escalated"},
                "partner.id", "215fd887-39be-4935-981f-2670d6afeaa7", "business.segment.id", "d6afeaa7-39be-4935-981f-2670215fd887",
                "channel.origin.id", "57053e21-0440-4689-a27a-513d7dceebde", "dial.from", "+18449401117"));
        api.createTenant(configAdmin, B, B_KEY, Map.of());
        api.allowScrapes(configAdmin);
        String big = "{\"conversationId\":\"" + "x".repeat(MAX_BODY) + "\"}";
        Api.awaitTrue("the body limit is in force", Duration.ofSeconds(30),
                () -> api.post(sp(A, "incomingCall"), A_KEY, big).status() == 413);
    }

    static String sp(String tenant, String event) {
        return tenantPath(tenant, "softphone/" + event);
    }

    static String ix(String tenant, String rest) {
        return tenantPath(tenant, "interactions" + (rest.isEmpty() ? "" : "/" + rest));
    }

    private JsonNode interaction(String id) {
        return api.get(ix(A, id), A_KEY).expect(200).json();
    }

    private String incoming(String conversationId, String agent) {
        JsonNode r = api.post(sp(A, "incomingCall"), A_KEY, map("partnerId", "p-1", "conversationId", conversationId,
                "callerANI", "+15551230000", "language", "fr_FR", "agentId", agent)).expect(200).json();
        assertEquals("incomingCall", r.path("event").asText());
        assertEquals(conversationId, r.path("interactionId").asText());
        assertEquals("OFFERED", r.path("state").asText());
        return conversationId;
    }

    private void accept(String conversationId) {
        assertEquals("ACCEPTED", api.post(sp(A, "callAccepted"), A_KEY, map("conversationId", conversationId))
                .expect(200).json().path("state").asText());
    }

    // ---- softphone contract (seed 002) ----

    @Test
    public void inboundCallGoesThroughItsWholeLifecycle() {
        incoming("conv-life", "agent-1");
        JsonNode offered = interaction("conv-life");
        assertEquals("OFFERED", offered.path("state").asText());
        assertEquals("agent-1", offered.path("agentId").asText());
        assertEquals("p-1", offered.path("partnerId").asText());
        assertEquals("+15551230000", offered.path("callerNumber").asText());
        assertEquals("fr_FR", offered.path("language").asText());
        assertEquals("VOICE", offered.path("channel").asText());
        assertEquals("INBOUND", offered.path("direction").asText());
        assertEquals(A, offered.path("tenantId").asText());

        JsonNode accepted = api.post(sp(A, "callAccepted"), A_KEY, map("partnerId", "p-1", "conversationId", "conv-life",
                "callerANI", "+15551239999", "language", "de_DE", "ivrExitPath", "billing", "channelName", "hotline",
                "reservationStartDate", "2026-12-01", "specialEvent", "vip", "escalationType", "none",
                "recordingStatus", "ON")).expect(200).json();
        assertEquals("callAccepted", accepted.path("event").asText());
        assertEquals("ACCEPTED", accepted.path("state").asText());
        JsonNode a = interaction("conv-life");
        assertEquals("ACCEPTED", a.path("state").asText());
        assertEquals("+15551239999", a.path("callerNumber").asText());
        assertEquals("de_DE", a.path("language").asText());
        JsonNode extras = a.path("softphoneData");
        assertEquals("billing", extras.path("ivrExitPath").asText());
        assertEquals("hotline", extras.path("channelName").asText());
        assertEquals("2026-12-01", extras.path("reservationStartDate").asText());
        assertEquals("vip", extras.path("specialEvent").asText());
        assertEquals("none", extras.path("escalationType").asText());
        assertEquals("ON", extras.path("recordingStatus").asText());
        assertTrue(a.path("establishedTime").isTextual());

        assertEquals("ENDED", api.post(sp(A, "callEnded"), A_KEY, map("partnerId", "p-1", "conversationId", "conv-life",
                "duration", 42, "disposition", "Resolved", "notes", "called back", "callType", "outbound"))
                .expect(200).json().path("state").asText());
        JsonNode ended = interaction("conv-life");
        assertEquals("ENDED", ended.path("state").asText());
        assertEquals(42, ended.path("durationSeconds").asLong());
        assertEquals("Resolved", ended.path("dispositionCode").asText());
        assertEquals("called back", ended.path("comments").asText());
        assertEquals("OUTBOUND", ended.path("direction").asText());
        assertTrue(ended.path("endTime").isTextual());

        assertEquals("FINISHED", api.post(sp(A, "callNotesSubmitted"), A_KEY, map("partnerId", "p-1",
                "conversationId", "conv-life", "disposition", "Escalated", "notes", "final notes"))
                .expect(200).json().path("state").asText());
        api.get(ix(A, "conv-life"), A_KEY).expectError(410, "INTERACTION_FINISHED");
        assertFalse(ids(api.get(ix(A, ""), A_KEY).json()).contains("conv-life"));
    }

    // ---- interaction events for every channel (seed 003) ----

    @Test
    public void chatAndEmailGoThroughTheirLifecycles() {
        String ev = tenantPath(A, "interaction-events/");
        long pendingBefore = api.get(tenantPath(A, "delivery"), A_KEY).expect(200).json().path("pending").asLong();
        assertEquals("OFFERED", api.post(ev + "chatOffered", A_KEY, map("interactionId", "chat-1", "agentId", "agent-c",
                "from", "visitor-77", "topicName", "Support", "cavs", java.util.List.of(map("name", "orderId",
                        "value", "A-1")))).expect(200).json().path("state").asText());
        JsonNode chat = interaction("chat-1");
        assertEquals("CHAT", chat.path("channel").asText());
        assertEquals("visitor-77", chat.path("callerNumber").asText());
        assertEquals("Support", chat.path("topicName").asText());
        assertEquals("A-1", chat.path("cavs").get(0).path("value").asText());
        assertEquals("ACCEPTED", api.post(ev + "chatAccepted", A_KEY, map("interactionId", "chat-1")).expect(200).json()
                .path("state").asText());
        JsonNode moved = api.post(ev + "chatTransferred", A_KEY, map("interactionId", "chat-1", "agentId", "agent-d"))
                .expect(200).json();
        assertEquals("ACCEPTED", moved.path("state").asText());
        JsonNode afterTransfer = interaction("chat-1");
        assertEquals("agent-d", afterTransfer.path("agentId").asText());
        assertEquals("agent-c", afterTransfer.path("transferredBy").asText());
        assertEquals(1, afterTransfer.path("legId").asInt());
        assertTrue(afterTransfer.path("transfer").asBoolean());
        assertEquals("ENDED", api.post(ev + "chatEnded", A_KEY, map("interactionId", "chat-1", "notes", "solved"))
                .expect(200).json().path("state").asText());
        assertEquals("FINISHED", api.post(ev + "chatFinished", A_KEY, map("interactionId", "chat-1",
                "disposition", "Resolved")).expect(200).json().path("state").asText());
        api.get(ix(A, "chat-1"), A_KEY).expectError(410, "INTERACTION_FINISHED");
        // no adapter is bound for this tenant: the log waits, stored, in the outbox
        long pendingAfter = api.get(tenantPath(A, "delivery"), A_KEY).expect(200).json().path("pending").asLong();
        // two logs, the first agent's leg (chat-1#0, at the transfer) and the final one (chat-1#1), and
        // four triggers: with no adapter bound, nobody can say yet that they are not wanted
        assertEquals("both legs' logs and the triggers are pending", pendingBefore + 6, pendingAfter);

        api.post(ev + "emailOffered", A_KEY, map("interactionId", "mail-1", "agentId", "agent-c", "from",
                "ann@example.com", "subject", "Refund")).expect(200);
        assertEquals("EMAIL", interaction("mail-1").path("channel").asText());
        assertEquals("Refund", interaction("mail-1").path("subject").asText());
        assertEquals("REJECTED", api.post(ev + "emailRejected", A_KEY, map("interactionId", "mail-1", "reason", "active"))
                .expect(200).json().path("state").asText());
    }

    @Test
    public void badInteractionEventsChangeNothing() {
        String ev = tenantPath(A, "interaction-events/");
        api.post(ev + "faxOffered", A_KEY, map("interactionId", "x-1", "agentId", "a")).expectError(400, "UNKNOWN_EVENT");
        api.post(ev + "chatExploded", A_KEY, map("interactionId", "x-1", "agentId", "a")).expectError(400, "UNKNOWN_EVENT");
        api.post(ev + "chatOffered", A_KEY, map("interactionId", "x-1")).expectError(400, "MISSING_FIELD");
        api.post(ev + "chatOffered", A_KEY, map("interactionId", "x-1", "agentId", "a", "colour", "red"))
                .expectError(400, "UNKNOWN_FIELD");
        api.post(ev + "chatAccepted", A_KEY, map("interactionId", "x-1")).expectError(404, "INTERACTION_NOT_FOUND");
        api.get(ix(A, "x-1"), A_KEY).expectError(404, "INTERACTION_NOT_FOUND");
    }

    @Test
    public void rejectedCallIsGone() {
        incoming("conv-rej", "agent-1");
        assertEquals("REJECTED", api.post(sp(A, "callRejected"), A_KEY,
                map("partnerId", "p-1", "conversationId", "conv-rej", "reason", "passive")).expect(200).json()
                .path("state").asText());
        api.get(ix(A, "conv-rej"), A_KEY).expectError(410, "INTERACTION_FINISHED");
        incoming("conv-rej-bad", "agent-1");
        api.post(sp(A, "callRejected"), A_KEY, map("conversationId", "conv-rej-bad", "reason", "sometimes"))
                .expectError(400, "INVALID_FIELD");
        assertEquals("OFFERED", interaction("conv-rej-bad").path("state").asText());
    }

    @Test
    public void outboundCallStartsAccepted() {
        JsonNode r = api.post(sp(A, "outboundCallInitiated"), A_KEY, map("partnerId", "p-1", "conversationId", "conv-out",
                "dialledTo", "+18883973342", "agentId", "agent-2")).expect(200).json();
        assertEquals("outboundCallInitiated", r.path("event").asText());
        assertEquals("ACCEPTED", r.path("state").asText());
        JsonNode i = interaction("conv-out");
        assertEquals("OUTBOUND", i.path("direction").asText());
        assertEquals("+18883973342", i.path("dnis").asText());
        assertEquals("agent-2", i.path("agentId").asText());
        api.post(sp(A, "outboundCallInitiated"), A_KEY, map("conversationId", "conv-out-2", "agentId", "agent-2"))
                .expectError(400, "MISSING_FIELD");
        api.get(ix(A, "conv-out-2"), A_KEY).expectError(404, "INTERACTION_NOT_FOUND");
    }

    @Test
    public void statusChangedAnswersOk() {
        JsonNode r = api.post(sp(A, "statusChanged"), A_KEY, map("softphoneId", "s-1", "agentId", "agent-1"))
                .expect(200).json();
        assertEquals("statusChanged", r.path("event").asText());
        assertEquals("ok", r.path("status").asText());
        api.post(sp(A, "statusChanged"), A_KEY, map("softphoneId", "s-1")).expectError(400, "MISSING_FIELD");
        api.post(sp(A, "statusChanged"), A_KEY, map("agentId", "agent-1")).expectError(400, "MISSING_FIELD");
    }

    @Test
    public void agentMayBeNamedInTheQuery() {
        api.post(sp(A, "incomingCall") + "?agentId=agent-q", A_KEY, map("conversationId", "conv-q")).expect(200);
        assertEquals("agent-q", interaction("conv-q").path("agentId").asText());
        assertEquals("en_US", interaction("conv-q").path("language").asText());
        api.post(sp(A, "incomingCall"), A_KEY, map("conversationId", "conv-noagent")).expectError(400, "MISSING_FIELD");
        api.post(sp(A, "incomingCall") + "?agentId=bad%20agent", A_KEY, map("conversationId", "conv-badagent"))
                .expectError(400, "INVALID_FIELD");
        api.get(ix(A, "conv-noagent"), A_KEY).expectError(404, "INTERACTION_NOT_FOUND");
    }

    @Test
    public void lifecycleErrors() {
        incoming("conv-err", "agent-1");
        api.post(sp(A, "incomingCall"), A_KEY, map("conversationId", "conv-err", "agentId", "agent-9"))
                .expectError(409, "INTERACTION_EXISTS");
        assertEquals("agent-1", interaction("conv-err").path("agentId").asText());
        api.post(sp(A, "callEnded"), A_KEY, map("conversationId", "conv-err")).expectError(409, "ILLEGAL_TRANSITION");
        accept("conv-err");
        api.post(sp(A, "callAccepted"), A_KEY, map("conversationId", "conv-err")).expectError(409, "ILLEGAL_TRANSITION");
        api.post(sp(A, "callRejected"), A_KEY, map("conversationId", "conv-err")).expectError(409, "ILLEGAL_TRANSITION");
        assertEquals("ACCEPTED", interaction("conv-err").path("state").asText());
        api.post(sp(A, "callEnded"), A_KEY, map("conversationId", "no-such-conv")).expectError(404, "INTERACTION_NOT_FOUND");
        api.post(sp(A, "callAccepted"), A_KEY, map("conversationId", "no-such-conv")).expectError(404, "INTERACTION_NOT_FOUND");
        api.post(sp(A, "callNotesSubmitted"), A_KEY, map("conversationId", "conv-err")).expect(200);
        for (String event : List.of("callAccepted", "callEnded", "callNotesSubmitted", "callRejected")) {
            api.post(sp(A, event), A_KEY, map("conversationId", "conv-err")).expectError(410, "INTERACTION_FINISHED");
        }
        for (String read : List.of("", "/cavs", "/dispositions", "/name-objects", "/related-to-objects", "/name-object",
                "/related-to-object", "/search-results")) {
            api.get(ix(A, "conv-err" + read), A_KEY).expectError(410, "INTERACTION_FINISHED");
        }
        api.put(ix(A, "conv-err/cavs"), A_KEY, map("cavList", List.of(map("id", "1", "value", "v"))))
                .expectError(410, "INTERACTION_FINISHED");
        api.post(ix(A, "conv-err/disposition"), A_KEY, map("dispositionId", "Resolved")).expectError(410, "INTERACTION_FINISHED");
        api.post(ix(A, "conv-err/visited"), A_KEY, map("crmObject", map("id", "1", "isWho", true)))
                .expectError(410, "INTERACTION_FINISHED");
        api.put(ix(A, "conv-err/name-object"), A_KEY, map("objectId", null)).expectError(410, "INTERACTION_FINISHED");
        // a finished id may start a new conversation
        incoming("conv-err", "agent-3");
        assertEquals("agent-3", interaction("conv-err").path("agentId").asText());
    }

    @Test
    public void unknownEventAndWrongMethod() {
        api.post(sp(A, "callTeleported"), A_KEY, map("conversationId", "c")).expectError(400, "UNKNOWN_EVENT");
        api.get(sp(A, "incomingCall"), A_KEY).expectError(405, "METHOD_NOT_ALLOWED");
        api.post(ix(A, ""), A_KEY, map()).expectError(405, "METHOD_NOT_ALLOWED");
        api.get(tenantPath(A, "nothing-here"), A_KEY).expectError(404, "NOT_FOUND");
        api.get("/api/v1/elsewhere", null).expectError(404, "NOT_FOUND");
    }

    @Test
    public void methodNotAllowedNamesTheAllowedMethod() {
        // RFC 9110 15.5.6: a 405 must carry Allow
        Api.Resp r = api.get(sp(A, "incomingCall"), A_KEY).expectError(405, "METHOD_NOT_ALLOWED");
        assertEquals("POST", r.headers().firstValue("Allow").orElse(null));
        r = api.send(ix(A, ""), "DELETE", A_KEY, null, null).expectError(405, "METHOD_NOT_ALLOWED");
        assertEquals("GET", r.headers().firstValue("Allow").orElse(null));
    }

    // ---- interaction API (seed 003) ----

    @Test
    public void listsLiveInteractionsByAgent() {
        incoming("conv-list-1", "agent-l1");
        incoming("conv-list-2", "agent-l2");
        List<String> all = ids(api.get(ix(A, ""), A_KEY).expect(200).json());
        assertTrue(all.containsAll(List.of("conv-list-1", "conv-list-2")));
        assertEquals(List.of("conv-list-1"), ids(api.get(ix(A, "") + "?agentId=agent-l1", A_KEY).expect(200).json()));
    }

    @Test
    public void callAttachedVariables() {
        incoming("conv-cav", "agent-1");
        assertEquals(0, api.get(ix(A, "conv-cav/cavs"), A_KEY).expect(200).json().size());
        JsonNode cavs = api.put(ix(A, "conv-cav/cavs"), A_KEY, map("cavList", List.of(
                map("id", "101", "name", "Id", "group", "Customer", "value", "C-17"),
                map("name", "Tier", "group", "Customer", "value", "gold")))).expect(200).json();
        assertEquals(2, cavs.size());
        api.put(ix(A, "conv-cav/cavs"), A_KEY, map("cavList", List.of(map("id", "101", "value", "C-18")))).expect(200);
        JsonNode after = api.get(ix(A, "conv-cav/cavs"), A_KEY).expect(200).json();
        assertEquals(2, after.size());
        assertEquals("C-18", after.get(0).path("value").asText());
        assertEquals("Customer", after.get(0).path("group").asText());
        assertEquals("gold", after.get(1).path("value").asText());
        String before = api.get(ix(A, "conv-cav"), A_KEY).body();
        api.put(ix(A, "conv-cav/cavs"), A_KEY, map("cavList", List.of())).expectError(400, "MISSING_FIELD");
        api.put(ix(A, "conv-cav/cavs"), A_KEY, map("cavList", List.of(map("id", "101", "value", "X"), map("value", "no id"))))
                .expectError(400, "INVALID_FIELD");
        api.put(ix(A, "conv-cav/cavs"), A_KEY, map("cavList", List.of(map("id", "101", "colour", "red"))))
                .expectError(400, "UNKNOWN_FIELD");
        api.post(ix(A, "conv-cav/cavs"), A_KEY, map("cavList", List.of(map("id", "101", "value", "X"))))
                .expectError(405, "METHOD_NOT_ALLOWED");
        assertEquals(before, api.get(ix(A, "conv-cav"), A_KEY).body());
    }

    @Test
    public void dispositionsAndSettingOneFinishesTheInteraction() {
        incoming("conv-disp", "agent-1");
        JsonNode offered = api.get(ix(A, "conv-disp/dispositions"), A_KEY).expect(200).json();
        assertEquals(2, offered.size());
        assertEquals("Resolved", offered.get(0).path("id").asText());
        assertEquals("Resolved", offered.get(0).path("name").asText());
        assertEquals("Escalated", offered.get(1).path("name").asText());
        // not yet accepted: no wrap-up
        api.post(ix(A, "conv-disp/disposition"), A_KEY, map("dispositionId", "Resolved")).expectError(409, "ILLEGAL_TRANSITION");
        accept("conv-disp");
        api.post(ix(A, "conv-disp/disposition"), A_KEY, map("dispositionId", "Teleported")).expectError(400, "UNKNOWN_DISPOSITION");
        api.post(ix(A, "conv-disp/disposition"), A_KEY, map("notes", "x")).expectError(400, "MISSING_FIELD");
        JsonNode still = interaction("conv-disp");
        assertEquals("ACCEPTED", still.path("state").asText());
        assertTrue(still.path("dispositionCode").isMissingNode());
        JsonNode done = api.post(ix(A, "conv-disp/disposition"), A_KEY, map("dispositionId", "Escalated", "notes", "to L2"))
                .expect(200).json();
        assertEquals("FINISHED", done.path("state").asText());
        assertEquals("Escalated", done.path("dispositionCode").asText());
        assertEquals("conv-disp", done.path("interactionId").asText());
        api.get(ix(A, "conv-disp"), A_KEY).expectError(410, "INTERACTION_FINISHED");
        api.post(ix(A, "conv-disp/disposition"), A_KEY, map("dispositionId", "Escalated")).expectError(410, "INTERACTION_FINISHED");
    }

    @Test
    public void visitedAndSelectedObjects() {
        incoming("conv-obj", "agent-1");
        Map<String, Object> contact = map("id", "123", "label", "Contact", "name", "Jane Doe", "isWho", true, "isWhat", false);
        Map<String, Object> caseObj = map("id", "456", "label", "Case", "name", "Broken microwave", "isWho", false, "isWhat", true);
        JsonNode v = api.post(ix(A, "conv-obj/visited"), A_KEY, map("crmObject", contact)).expect(200).json();
        assertEquals("123", v.path("nameObjects").get(0).path("id").asText());
        assertEquals(0, v.path("relatedToObjects").size());
        v = api.post(ix(A, "conv-obj/visited"), A_KEY, map("crmObject", caseObj)).expect(200).json();
        assertEquals("456", v.path("relatedToObjects").get(0).path("id").asText());
        // visiting again adds nothing
        api.post(ix(A, "conv-obj/visited"), A_KEY, map("crmObject", contact)).expect(200);
        JsonNode names = api.get(ix(A, "conv-obj/name-objects"), A_KEY).expect(200).json();
        assertEquals(1, names.size());
        assertEquals("Jane Doe", names.get(0).path("name").asText());
        assertTrue(names.get(0).path("isWho").asBoolean());
        JsonNode related = api.get(ix(A, "conv-obj/related-to-objects"), A_KEY).expect(200).json();
        assertEquals(1, related.size());
        assertEquals("Case", related.get(0).path("label").asText());
        assertEquals(2, interaction("conv-obj").path("visitedObjects").size());

        String before = interaction("conv-obj").toString();
        api.post(ix(A, "conv-obj/visited"), A_KEY, map("crmObject", map("id", "9", "isWho", false, "isWhat", false)))
                .expectError(400, "INVALID_FIELD");
        api.post(ix(A, "conv-obj/visited"), A_KEY, map("crmObject", map("label", "Contact", "isWho", true)))
                .expectError(400, "MISSING_FIELD");
        api.put(ix(A, "conv-obj/name-object"), A_KEY, map("objectId", "456")).expectError(400, "UNKNOWN_OBJECT");
        api.put(ix(A, "conv-obj/related-to-object"), A_KEY, map("objectId", "nope")).expectError(400, "UNKNOWN_OBJECT");
        assertEquals(before, interaction("conv-obj").toString());

        assertTrue(api.get(ix(A, "conv-obj/name-object"), A_KEY).expect(200).json().path("selected").isMissingNode()
                || api.get(ix(A, "conv-obj/name-object"), A_KEY).json().path("selected").isNull());
        assertEquals("123", api.put(ix(A, "conv-obj/name-object"), A_KEY, map("objectId", "123")).expect(200).json()
                .path("selected").path("id").asText());
        assertEquals("456", api.put(ix(A, "conv-obj/related-to-object"), A_KEY, map("objectId", "456")).expect(200).json()
                .path("selected").path("id").asText());
        assertEquals("123", api.get(ix(A, "conv-obj/name-object"), A_KEY).expect(200).json().path("selected").path("id").asText());
        assertEquals("456", interaction("conv-obj").path("selectedRelatedTo").path("id").asText());
        // a failed choice leaves the selection as it was
        api.put(ix(A, "conv-obj/name-object"), A_KEY, map("objectId", "999")).expectError(400, "UNKNOWN_OBJECT");
        assertEquals("123", interaction("conv-obj").path("selectedName").path("id").asText());
        // a body without objectId is a mistake, not a choice of 'None'
        api.put(ix(A, "conv-obj/name-object"), A_KEY, map()).expectError(400, "MISSING_FIELD");
        api.put(ix(A, "conv-obj/related-to-object"), A_KEY, map()).expectError(400, "MISSING_FIELD");
        assertEquals("123", interaction("conv-obj").path("selectedName").path("id").asText());
        assertEquals("456", interaction("conv-obj").path("selectedRelatedTo").path("id").asText());
        // an explicit null selects 'None'
        JsonNode none = api.put(ix(A, "conv-obj/name-object"), A_KEY, map("objectId", null)).expect(200).json();
        assertFalse(none.path("selected").isObject());
        assertFalse(interaction("conv-obj").path("selectedName").isObject());
    }

    @Test
    public void searchResultsAreEmptyWithoutAnAdapter() {
        incoming("conv-search", "agent-1");
        JsonNode results = api.get(ix(A, "conv-search/search-results"), A_KEY).expect(200).json();
        assertTrue(results.isArray());
        assertEquals(0, results.size());
    }

    @Test
    public void click2dialAnswersWithTheStartCall() {
        JsonNode r = api.post(ix(A, "click2dial"), A_KEY, map("agentId", "agent-c", "click2DialData",
                map("clickToDialNumber", "9250000111", "crmObject",
                        map("id", "789", "label", "Account", "name", "Umbrella", "isWho", false, "isWhat", true))))
                .expect(202).json();
        assertEquals("sent", r.path("status").asText());
        assertEquals("agent-c", r.path("agentId").asText());
        assertTrue(r.path("eventId").asLong() > 0);
        assertEquals("9250000111", r.path("start_call").path("dialTo").asText());
        assertEquals("+18449401117", r.path("start_call").path("dialFrom").asText());
        assertEquals("Agent", r.path("start_call").path("participantType").asText());
        assertEquals("215fd887-39be-4935-981f-2670d6afeaa7", r.path("start_call").path("partnerId").asText());
        api.post(tenantPath(A, "click2dial") + "?agentId=agent-c", A_KEY, map("click2DialData",
                map("clickToDialNumber", "+1 (925) 000-0111"))).expect(202);
        api.post(ix(A, "click2dial"), A_KEY, map("agentId", "agent-c", "click2DialData", map("clickToDialNumber", "rm -rf /")))
                .expectError(400, "INVALID_FIELD");
        api.post(ix(A, "click2dial"), A_KEY, map("agentId", "agent-c", "click2DialData", map()))
                .expectError(400, "MISSING_FIELD");
        api.post(ix(A, "click2dial"), A_KEY, map("click2DialData", map("clickToDialNumber", "123")))
                .expectError(400, "INVALID_FIELD");
    }

    @Test
    public void presenceIsSentToTheSoftphone() {
        JsonNode r = api.post(tenantPath(A, "agents/agent-p/presence"), A_KEY, map("softphoneId", "busy-1")).expect(202).json();
        assertEquals("sent", r.path("status").asText());
        assertEquals("agent-p", r.path("agentId").asText());
        api.post(tenantPath(A, "agents/agent-p/presence"), A_KEY, map()).expectError(400, "MISSING_FIELD");
        api.get(tenantPath(A, "agents/agent-p/presence"), A_KEY).expectError(405, "METHOD_NOT_ALLOWED");
    }

    // ---- Avaya CRM Connector messages (seeds 000, 001) ----

    static String crm() {
        return tenantPath(A, "crm-connect/messages");
    }

    @Test
    public void crmConnectMessages() {
        api.post(crm(), A_KEY, map("type", "SomethingElse", "action", "requestSaveInteractionLog", "data", map()))
                .expectError(400, "UNKNOWN_TYPE");
        api.post(crm(), A_KEY, map("type", "CRMConnectMessage", "action", "requestTeleport", "data", map()))
                .expectError(400, "UNKNOWN_ACTION");
        api.post(crm(), A_KEY, map("type", "CRMConnectMessage", "action", "requestSaveInteractionLog", "data", map(), "extra", 1))
                .expectError(400, "UNKNOWN_FIELD");
        api.post(crm(), A_KEY, map("type", "CRMConnectMessage", "data", map())).expectError(400, "MISSING_FIELD");
        api.post(crm(), A_KEY, map("type", "CRMConnectMessage", "action", "requestSaveInteractionLog", "data", List.of()))
                .expectError(400, "MISSING_FIELD");
        api.post(crm(), A_KEY, "[1,2]").expectError(400, "INVALID_MESSAGE");
        api.get(crm(), A_KEY).expectError(405, "METHOD_NOT_ALLOWED");

        JsonNode pop = api.post(crm() + "?agentId=agent-crm", A_KEY, map("type", "CRMConnectMessage",
                "action", "requestPerformInteractionScreenPop", "data", map("aniValues", List.of("+15550001111", ""),
                        "dnisValues", List.of("8000"), "interactionData", map(), "allowScreenPop", true))).expect(200).json();
        assertEquals("CRMConnectMessage", pop.path("type").asText());
        assertEquals("responsePerformInteractionScreenPop", pop.path("action").asText());
        assertEquals("adapter_unavailable", pop.path("data").path("status").asText());
        assertEquals("NONE", pop.path("data").path("match").asText());

        JsonNode saved = api.post(crm(), A_KEY, map("type", "CRMConnectMessage", "action", "requestSaveInteractionLog",
                "data", map("message", map("body", map("interactionId", "avaya-only-1", "interactionData", map())))))
                .expect(202).json();
        assertEquals("accepted", saved.path("status").asText());
        assertEquals("avaya-only-1", saved.path("interactionId").asText());
        api.post(crm(), A_KEY, map("type", "CRMConnectMessage", "action", "requestSaveInteractionLog",
                "data", map("message", map("body", map())))).expectError(400, "INVALID_FIELD");
    }

    @Test
    public void interactionLogFinishesTheLiveInteraction() {
        incoming("conv-log", "agent-1");
        accept("conv-log");
        api.post(crm(), A_KEY, map("type", "CRMConnectMessage", "action", "requestSaveInteractionLog",
                "data", map("message", map("body", map("interactionId", "conv-log"))))).expect(202);
        api.get(ix(A, "conv-log"), A_KEY).expectError(410, "INTERACTION_FINISHED");
    }

    // ---- authentication and isolation ----

    @Test
    public void authentication() {
        Api.Resp missing = api.get(ix(A, ""), null).expectError(401, "MISSING_CREDENTIALS");
        assertEquals("Bearer", missing.headers().firstValue("WWW-Authenticate").orElse(null));
        api.get(ix(A, ""), "not-the-key").expectError(401, "BAD_CREDENTIALS");
        api.send(api.request(ix(A, ""), null).header("Authorization", "Basic YTpi").GET().build())
                .expectError(401, "MISSING_CREDENTIALS");
        api.post(sp(A, "incomingCall"), null, map("conversationId", "conv-anon", "agentId", "x"))
                .expectError(401, "MISSING_CREDENTIALS");
        // a tenant that does not exist is answered as a wrong key is: tenants cannot be probed without a key
        api.get(ix("nobody", ""), A_KEY).expectError(401, "BAD_CREDENTIALS");
        api.get(ix("nobody", ""), null).expectError(401, "MISSING_CREDENTIALS");
        api.get(ix(A, "conv-anon"), A_KEY).expectError(404, "INTERACTION_NOT_FOUND");
    }

    @Test
    public void tenantsAreIsolated() {
        incoming("conv-iso", "agent-1");
        api.get(ix(B, ""), A_KEY).expectError(401, "BAD_CREDENTIALS");
        api.get(ix(B, "conv-iso"), A_KEY).expectError(401, "BAD_CREDENTIALS");
        api.post(sp(B, "callAccepted"), A_KEY, map("conversationId", "conv-iso")).expectError(401, "BAD_CREDENTIALS");
        api.get(ix(B, "conv-iso"), B_KEY).expectError(404, "INTERACTION_NOT_FOUND");
        api.get(ix(B, "conv-iso/cavs"), B_KEY).expectError(404, "INTERACTION_NOT_FOUND");
        api.post(sp(B, "callAccepted"), B_KEY, map("conversationId", "conv-iso")).expectError(404, "INTERACTION_NOT_FOUND");
        api.put(ix(B, "conv-iso/cavs"), B_KEY, map("cavList", List.of(map("id", "1", "value", "stolen"))))
                .expectError(404, "INTERACTION_NOT_FOUND");
        assertFalse(ids(api.get(ix(B, ""), B_KEY).expect(200).json()).contains("conv-iso"));
        assertEquals("OFFERED", interaction("conv-iso").path("state").asText());
        assertEquals(0, interaction("conv-iso").path("cavs").size());
        // the same conversation id is independent per tenant
        api.post(sp(B, "incomingCall"), B_KEY, map("conversationId", "conv-iso", "agentId", "b-agent")).expect(200);
        assertEquals("b-agent", api.get(ix(B, "conv-iso"), B_KEY).expect(200).json().path("agentId").asText());
        assertEquals("agent-1", interaction("conv-iso").path("agentId").asText());
    }

    // ---- bad input ----

    @Test
    public void badInputIsRefusedAndChangesNothing() {
        incoming("conv-bad", "agent-1");
        String before = api.get(ix(A, ""), A_KEY).body();
        String accepted = sp(A, "callAccepted");
        api.post(accepted, A_KEY, "{\"conversationId\":\"conv-bad\"").expectError(400, "INVALID_JSON");
        api.post(accepted, A_KEY, "{\"conversationId\":").expectError(400, "INVALID_JSON");
        api.post(accepted, A_KEY, "{conversationId:'conv-bad'}").expectError(400, "INVALID_JSON");
        api.post(accepted, A_KEY, "{\"conversationId\":\"conv-bad\"} {}").expect(400); // trailing content: reported as WRONG_TYPE today
        api.post(accepted, A_KEY, "").expect(400); // empty body: reported as WRONG_TYPE "expected an object" today
        api.post(accepted, A_KEY, "null").expectError(400, "INVALID_JSON");
        api.post(accepted, A_KEY, "[\"conv-bad\"]").expectError(400, "WRONG_TYPE");
        api.post(accepted, A_KEY, "{\"conversationId\":{\"id\":\"conv-bad\"}}").expectError(400, "WRONG_TYPE");
        api.post(accepted, A_KEY, "{\"conversationId\":[\"conv-bad\"]}").expectError(400, "WRONG_TYPE");
        api.post(accepted, A_KEY, "{\"conversationId\":\"conv-bad\",\"recordingStatus\":{}}").expectError(400, "WRONG_TYPE");
        api.post(accepted, A_KEY, "{\"conversationId\":\"conv-bad\",\"callerAni\":\"+1\"}").expectError(400, "UNKNOWN_FIELD");
        api.post(accepted, A_KEY, "{\"conversationId\":\"conv bad\"}").expectError(400, "INVALID_FIELD");
        api.post(accepted, A_KEY, "{\"conversationId\":\"\"}").expectError(400, "MISSING_FIELD");
        api.post(accepted, A_KEY, "{\"conversationId\":\"" + "c".repeat(129) + "\"}").expectError(400, "INVALID_FIELD");
        api.post(sp(A, "callEnded"), A_KEY, "{\"conversationId\":\"conv-bad\",\"duration\":\"long\"}").expectError(400, "WRONG_TYPE");
        api.post(sp(A, "callEnded"), A_KEY, "{\"conversationId\":\"conv-bad\",\"duration\":1.5}").expectError(400, "WRONG_TYPE");
        api.post(sp(A, "callEnded"), A_KEY, "{\"conversationId\":\"conv-bad\",\"duration\":-1}").expectError(400, "INVALID_FIELD");
        api.post(sp(A, "callEnded"), A_KEY, "{\"conversationId\":\"conv-bad\",\"callType\":\"sideways\"}")
                .expectError(400, "INVALID_FIELD");
        api.send(accepted, "POST", A_KEY, "text/plain", "{\"conversationId\":\"conv-bad\"}").expectError(415, "UNSUPPORTED_MEDIA_TYPE");
        api.send(accepted, "POST", A_KEY, null, "{\"conversationId\":\"conv-bad\"}").expectError(415, "UNSUPPORTED_MEDIA_TYPE");
        api.send(accepted, "POST", A_KEY, "application/x-www-form-urlencoded", "conversationId=conv-bad")
                .expectError(415, "UNSUPPORTED_MEDIA_TYPE");
        // a type that only starts like JSON is not JSON
        api.send(accepted, "POST", A_KEY, "application/jsonx", "{\"conversationId\":\"conv-bad\"}")
                .expectError(415, "UNSUPPORTED_MEDIA_TYPE");
        api.send(accepted, "POST", A_KEY, "application/json-seq", "{\"conversationId\":\"conv-bad\"}")
                .expectError(415, "UNSUPPORTED_MEDIA_TYPE");
        // no scalar is coerced: an id is a string, a number a number
        api.post(accepted, A_KEY, "{\"conversationId\":true}").expectError(400, "WRONG_TYPE");
        api.post(accepted, A_KEY, "{\"conversationId\":42}").expectError(400, "WRONG_TYPE");
        api.post(accepted, A_KEY, "{\"conversationId\":\"conv-bad\",\"language\":7}").expectError(400, "WRONG_TYPE");
        api.post(sp(A, "callEnded"), A_KEY, "{\"conversationId\":\"conv-bad\",\"duration\":\"42\"}")
                .expectError(400, "WRONG_TYPE");
        api.post(accepted, A_KEY, "{\"conversationId\":\"conv-bad\",\"ivrExitPath\":\"" + "p".repeat(MAX_BODY) + "\"}")
                .expectError(413, "BODY_TOO_LARGE");
        String deep = "{\"a\":".repeat(100) + "1" + "}".repeat(100);
        api.post(crm(), A_KEY, "{\"type\":\"CRMConnectMessage\",\"action\":\"requestSaveInteractionLog\",\"data\":" + deep + "}")
                .expectError(400, "TOO_LARGE");
        api.post(accepted, A_KEY, "[".repeat(200) + "]".repeat(200)).expect(400);
        api.post(accepted, A_KEY, "{\"conversationId\":\"conv-bad\",\"x\":" + "[".repeat(200) + "]".repeat(200) + "}").expect(400);
        api.send(accepted, "POST", A_KEY, "application/json", "{\"conversationId\":\"conv-\u00e9\"}").expectError(400, "INVALID_FIELD");
        assertEquals(before, api.get(ix(A, ""), A_KEY).body());
        assertEquals("OFFERED", interaction("conv-bad").path("state").asText());
    }

    @Test
    public void structuredJsonTypesWithParametersAreJson() {
        api.send(sp(A, "incomingCall"), "POST", A_KEY, "application/vnd.crm-connect+json; charset=utf-8",
                "{\"conversationId\":\"conv-plusjson\",\"agentId\":\"agent-1\"}").expect(200);
        api.send(sp(A, "callAccepted"), "POST", A_KEY, "Application/JSON;charset=UTF-8",
                "{\"conversationId\":\"conv-plusjson\"}").expect(200);
        assertEquals("ACCEPTED", interaction("conv-plusjson").path("state").asText());
    }

    @Test
    public void oversizedBodyWithoutContentLengthIs413() {
        incoming("conv-chunked", "agent-1");
        String before = api.get(ix(A, ""), A_KEY).body();
        byte[] big = ("{\"conversationId\":\"conv-chunked\",\"ivrExitPath\":\"" + "p".repeat(4 * MAX_BODY) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        // a stream publisher sends no Content-Length: the body arrives chunked and is cut off while read
        HttpRequest chunked = api.request(sp(A, "callAccepted"), A_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build();
        api.send(chunked).expectError(413, "BODY_TOO_LARGE");
        HttpRequest chunkedMessage = api.request(crm(), A_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(("{\"type\":\"CRMConnectMessage\","
                        + "\"action\":\"requestSaveInteractionLog\",\"data\":{\"pad\":\"" + "p".repeat(4 * MAX_BODY) + "\"}}")
                        .getBytes(StandardCharsets.UTF_8)))).build();
        api.send(chunkedMessage).expectError(413, "BODY_TOO_LARGE");
        assertEquals(before, api.get(ix(A, ""), A_KEY).body());
    }

    // ---- the container's own refusals (issue 12, item 18) ----

    @Test
    public void theContainersRefusalsOfBadPathsUnderApiAreJsonToo() {
        String before = api.get(ix(A, ""), A_KEY).body();
        for (String target : List.of(
                "/api/v1/tenants/acme/%2e%2e/interactions", // ambiguous segment
                "/api/v1/tenants/acme/interactions/%2e%2e",
                "/api/v1/tenants/acme/interactions/a%2Fb", // encoded separator
                "/api/v1/tenants/acme//interactions", // empty segment
                "/api/v1/tenants/acme/interactions/%C0%AE%C0%AE", // overlong UTF-8 for '.'
                "/api/v1/tenants/acme/interactions/%FF", // not UTF-8 at all
                "/api/v1/tenants/acme/interactions/%E2%82", // truncated UTF-8
                "/api/v1/tenants/acme/interactions/..;/x", // dot segment hidden by a parameter
                "/api/v1/tenants/acme/interactions/%5C..%5C")) { // encoded backslash
            Api.Resp r = api.raw("GET", target, A_KEY).expectError(400, "INVALID_PATH");
            assertTrue(target + " " + r.headers().map(),
                    r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        }
        api.raw("POST", "/api/v1/tenants/acme/softphone/%2e%2e", A_KEY).expectError(400, "INVALID_PATH");
        api.raw("GET", "/api/%2e%2e/system/console", null).expectError(400, "INVALID_PATH");
        // under /api but not a version the server has: a JSON 404 as well
        api.get("/api/v2/tenants/acme/interactions", A_KEY).expectError(404, "NOT_FOUND");
        api.get("/api", null).expectError(404, "NOT_FOUND");
        // elsewhere the same paths are still refused, as the container always did
        assertEquals(400, api.raw("GET", "/agent/%2e%2e/index.html", null).status());
        assertEquals(400, api.raw("GET", "/agent/%FF", null).status());
        assertEquals(200, api.raw("GET", "/agent/index.html", null).status());
        assertEquals(before, api.get(ix(A, ""), A_KEY).body());
    }

    // ---- health, metrics, the OpenAPI document ----

    @Test
    public void healthMetricsAndOpenApi() {
        JsonNode health = api.get("/health", null).expect(200).json();
        assertEquals("UP", health.path("status").asText());
        assertTrue(health.path("tenants").asInt() >= 2);
        assertTrue(health.path("tenantsWithoutAdapter").asInt() >= 2);
        assertTrue(health.has("openAgentStreams"));
        assertTrue(health.has("adapterServices"));
        assertFalse("health names no tenant", api.get("/health", null).body().contains(A));
        String node = health.path("node").asText();
        assertFalse(health.toString(), node.isEmpty());
        assertFalse(health.path("draining").asBoolean());
        assertEquals(node, api.get("/health/live", null).expect(200).json().path("node").asText());
        // this server's tenants include some whose adapter never comes: during the start wait that keeps it not ready
        Api.Resp ready = api.get("/health/ready", null);
        JsonNode readiness = ready.json();
        assertEquals(node, readiness.path("node").asText());
        List<String> failing = new ArrayList<>();
        readiness.path("notReady").forEach(c -> failing.add(c.path("check").asText()));
        assertEquals(readiness.toString(), failing.isEmpty() ? 200 : 503, ready.status());
        assertFalse("the stores are open and nothing drains: " + readiness, failing.contains("store")
                || failing.contains("draining"));
        assertFalse("readiness names no tenant", ready.body().contains(A));

        api.post(sp(A, "statusChanged"), A_KEY, map("softphoneId", "s-m", "agentId", "agent-m")).expect(200);
        api.get("/metrics", null).expectError(401, "BAD_CREDENTIALS");
        Api.Resp metrics = api.get("/metrics", Api.SCRAPE_TOKEN).expect(200);
        assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        String text = metrics.body();
        assertTrue(text, text.contains("crm_events_total{"));
        assertTrue(text, text.contains("tenant=\"acme\""));
        assertTrue(text, text.contains("statusChanged"));
        assertTrue(text, text.contains("crm_http_requests_total"));
        assertTrue(text, text.contains("crm_tenants"));
        assertTrue(text, text.contains("crm_node_info{node=\"" + node + "\"} 1"));

        JsonNode doc = api.get("/api/v1/openapi.json", null).expect(200).json();
        assertEquals("3.0.3", doc.path("openapi").asText());
        assertNotNull(doc.path("paths").get("/api/v1/tenants/{tenantId}/softphone/incomingCall"));
    }

    static List<String> ids(JsonNode interactions) {
        List<String> ids = new java.util.ArrayList<>();
        interactions.forEach(i -> ids.add(i.path("interactionId").asText()));
        return ids;
    }
}
