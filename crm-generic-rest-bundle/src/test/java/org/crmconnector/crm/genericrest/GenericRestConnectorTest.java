package org.crmconnector.crm.genericrest;

import static org.crmconnector.crm.genericrest.testing.Configs.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.crmconnector.crm.CrmException;
import org.crmconnector.crm.CrmRecordRef;
import org.crmconnector.crm.DeliveryResult;
import org.crmconnector.crm.DispositionUpdate;
import org.crmconnector.crm.InteractionLog;
import org.crmconnector.crm.ScreenPopRequest;
import org.crmconnector.crm.ScreenPopResult;
import org.crmconnector.crm.SearchRequest;
import org.crmconnector.crm.Trigger;
import org.crmconnector.crm.TriggerEvent;
import org.crmconnector.crm.genericrest.config.InvalidConfigurationException;
import org.crmconnector.crm.genericrest.testing.LoopbackCrm;
import org.crmconnector.crm.genericrest.testing.LoopbackCrm.Received;
import org.crmconnector.crm.genericrest.testing.LoopbackCrm.Reply;
import org.crmconnector.crm.genericrest.testing.RecordingSleeper;
import org.crmconnector.interaction.Cav;
import org.crmconnector.interaction.Channel;
import org.crmconnector.interaction.CrmObject;
import org.crmconnector.interaction.Direction;
import org.crmconnector.interaction.Interaction;
import org.crmconnector.testing.MutableClock;
import org.crmconnector.crm.support.http.SharedHttpClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The adapter end to end against a CRM on loopback: what a configuration makes it send, and what it answers. */
class GenericRestConnectorTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String ADA = "{\"results\":[{\"id\":\"c1\",\"name\":\"Ada Lovelace\",\"type\":\"Contact\"}]}";

    private LoopbackCrm crm;
    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final SharedHttpClients clients = new SharedHttpClients("test");
    private GenericRestConnector connector;

    @BeforeEach
    void start() throws Exception {
        crm = new LoopbackCrm();
        connector = new GenericRestConnector(clients, clock, sleeper);
    }

    @AfterEach
    void stop() {
        connector.deactivate();
        clients.close();
        crm.close();
    }

    /** Activates with {@code crm.instance=test}, base URL = the loopback CRM, and these properties. */
    private void activate(Object... keyValues) {
        connector.activate(config(props(keyValues)));
    }

    private Map<String, Object> props(Object... keyValues) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("crm.instance", "test");
        p.put("base.url", crm.url(""));
        for (int i = 0; i < keyValues.length; i += 2) {
            p.put((String) keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    private static Interaction call() {
        Interaction in = new Interaction();
        in.tenantId = "t1";
        in.interactionId = "i-1";
        in.ucid = "00001002003";
        in.agentId = "ag7";
        in.channel = Channel.VOICE;
        in.direction = Direction.INBOUND;
        in.callerNumber = "+4722334455";
        in.callerName = "Ada";
        in.dnis = "800";
        in.topicId = "q1";
        in.topicName = "Sales";
        in.skillId = "s9";
        in.skillName = "Billing";
        in.startTime = Instant.parse("2026-03-01T09:58:00Z");
        in.endTime = Instant.parse("2026-03-01T09:59:35Z");
        in.durationSeconds = 95L;
        in.acwDurationSeconds = 20L;
        in.subject = "Inbound call";
        in.comments = "Asked about invoice";
        in.dispositionCode = "Resolved";
        in.cavs.add(new Cav("1", "accountNo", "crm", "A-9"));
        in.engagementParameters.put("balance", 12.5);
        in.customFields.put("tier", "gold");
        return in;
    }

    private static JsonNode json(Received r) throws Exception {
        return MAPPER.readTree(r.body());
    }

    private ScreenPopResult pop(Interaction in) throws CrmException {
        ScreenPopRequest request = new ScreenPopRequest();
        request.interaction = in;
        request.ani = in.ani();
        request.dnis = in.dnisForLookup();
        return connector.screenPop(request);
    }

    // --- lookup and pop

    private void activateLookup(Object... more) {
        List<Object> kv = new ArrayList<>(List.of("lookup.url", "/api/contacts?phone={ani}",
                "lookup.records.pointer", "/results", "lookup.record.type.pointer", "/type",
                "lookup.record.url.template", crm.url("/contacts/{recordId}")));
        kv.addAll(List.of(more));
        activate(kv.toArray());
    }

    @Test
    void oneMatchPopsTheRecordUrlWithVisibleTargetAndTitle() throws Exception {
        crm.on("GET", "/api/contacts", Reply.json(200, ADA));
        activateLookup("pop.visible", false, "pop.target", "request-tab", "pop.title", "{recordName} ({cav.accountNo})");
        ScreenPopResult result = pop(call());

        Received lookup = crm.received("/api/contacts").get(0);
        assertEquals("phone=%2B4722334455", lookup.rawQuery());
        assertEquals("application/json", lookup.header("Accept"), "default header for every request");
        assertEquals(ScreenPopResult.Match.ONE, result.match());
        CrmObject ada = result.matches.get(0);
        assertEquals("c1", ada.id);
        assertEquals("Ada Lovelace", ada.name);
        assertEquals("Contact", ada.label);
        assertEquals(crm.url("/contacts/c1"), ada.url);
        assertEquals(crm.url("/contacts/c1"), result.pop.url);
        assertFalse(result.pop.visible);
        assertEquals("request-tab", result.pop.target);
        assertEquals("Ada Lovelace (A-9)", result.pop.title);
    }

    @Test
    void severalMatchesPopTheManyUrlOrAreOfferedAsOptions() throws Exception {
        crm.on("GET", "/api/contacts", Reply.json(200,
                "{\"results\":[{\"id\":\"c1\",\"name\":\"Ada\"},{\"id\":\"c2\",\"name\":\"Ada L\"}]}"));
        activateLookup("pop.many.url", crm.url("/search?q={ani}&n={matchCount}"));
        ScreenPopResult result = pop(call());
        assertEquals(ScreenPopResult.Match.MANY, result.match());
        assertEquals(crm.url("/search?q=%2B4722334455&n=2"), result.pop.url);
        assertFalse(result.offerAsOptions);

        connector.modified(config(props("lookup.url", "/api/contacts?phone={ani}", "lookup.records.pointer", "/results")));
        result = pop(call());
        assertNull(result.pop);
        assertTrue(result.offerAsOptions);
        assertEquals(2, result.matches.size());
    }

    @Test
    void noMatchPopsTheNoneUrlWhenTheListIsMissing() throws Exception {
        crm.on("GET", "/api/contacts", Reply.json(200, "{\"total\":0}"));
        activateLookup("pop.none.url", crm.url("/contacts/new?phone={ani}&name={callerName}"), "pop.title", "New caller");
        ScreenPopResult result = pop(call());
        assertEquals(ScreenPopResult.Match.NONE, result.match());
        assertEquals(crm.url("/contacts/new?phone=%2B4722334455&name=Ada"), result.pop.url);
        assertEquals("New caller", result.pop.title);
    }

    @Test
    void noMatchWithoutNoneUrlPopsNothing() throws Exception {
        crm.on("GET", "/api/contacts", Reply.json(200, "{\"results\":[]}"));
        activateLookup();
        assertNull(pop(call()).pop);
    }

    @Test
    void anonymousCallerIsNotLookedUp() throws Exception {
        activateLookup("pop.none.url", crm.url("/contacts/new"));
        Interaction anonymous = call();
        anonymous.callerNumber = null;
        ScreenPopResult result = pop(anonymous);
        assertTrue(crm.received().isEmpty(), "a lookup for an empty number could match everyone");
        assertEquals(ScreenPopResult.Match.NONE, result.match());
        assertEquals(crm.url("/contacts/new"), result.pop.url);
    }

    @Test
    void configuredContentTypeWinsOverTheBodyKind() throws Exception {
        crm.on("POST", "/api/activities", Reply.json(201, "{\"id\":\"a1\"}"));
        activate("log.url", "/api/activities", "log.headers", new String[] {"Content-Type: application/vnd.api+json"},
                "log.body", "{\"data\":{\"id\":\"{interactionId}\"}}");
        connector.saveInteractionLog(new InteractionLog(call(), null));
        assertEquals("application/vnd.api+json", crm.received("/api/activities").get(0).header("Content-Type"));
    }

    @Test
    void postLookupSendsAJsonBody() throws Exception {
        crm.on("POST", "/crm/v3/objects/contacts/search", Reply.json(200,
                "{\"total\":1,\"results\":[{\"id\":\"51\",\"properties\":{\"firstname\":\"Ada\"}}]}"));
        activate("lookup.method", "POST", "lookup.url", "/crm/v3/objects/contacts/search",
                "lookup.body", "{\"filterGroups\":[{\"filters\":[{\"propertyName\":\"phone\",\"operator\":\"EQ\",\"value\":\"{ani}\"}]}],\"limit\":10}",
                "lookup.records.pointer", "/results", "lookup.record.name.pointer", "/properties/firstname");
        ScreenPopResult result = pop(call());
        JsonNode body = json(crm.received("/crm/v3/objects/contacts/search").get(0));
        assertEquals("+4722334455", body.at("/filterGroups/0/filters/0/value").textValue());
        assertEquals(10, body.at("/limit").intValue());
        assertEquals("Ada", result.matches.get(0).name);
        assertNull(result.pop, "no record URL known, so nothing to pop");
    }

    @Test
    void lookupFailuresAreCrmExceptionsThatSayWhetherToRetry() {
        crm.on("GET", "/api/contacts", Reply.json(500, ""));
        activateLookup("http.max.attempts", 2);
        CrmException e = assertThrows(CrmException.class, () -> pop(call()));
        assertTrue(e.isRetryable());
        assertEquals(2, crm.received("/api/contacts").size());

        crm.on("GET", "/api/contacts", Reply.json(400, "{\"message\":\"bad phone\"}"));
        e = assertThrows(CrmException.class, () -> pop(call()));
        assertFalse(e.isRetryable());
        assertTrue(e.getMessage().contains("bad phone"), e.getMessage());
    }

    @Test
    void searchUsesItsOwnUrlAndTheLookupPointers() throws Exception {
        crm.on("GET", "/api/search", Reply.json(200,
                "{\"results\":[{\"id\":\"1\",\"name\":\"A\"},{\"id\":\"2\",\"name\":\"B\"},{\"id\":\"3\",\"name\":\"C\"}]}"));
        activate("search.url", "/api/search?q={searchText}&max={limit}", "lookup.records.pointer", "/results",
                "lookup.headers", new String[] {"X-Caller: {ani}"}, "search.headers", new String[] {"X-Search: {searchText}"});
        List<CrmObject> found = connector.search(new SearchRequest("t1", "Ada & co", 2));
        assertEquals(2, found.size());
        Received search = crm.received("/api/search").get(0);
        assertEquals("q=Ada%20%26%20co&max=2", search.rawQuery());
        assertEquals("Ada & co", search.header("X-Search"));
        assertNull(search.header("X-Caller"), "lookup headers are the lookup's own");
    }

    @Test
    void searchWithoutUrlFindsNothing() throws Exception {
        activate();
        assertTrue(connector.search(new SearchRequest("t1", "x", 5)).isEmpty());
        assertTrue(crm.received().isEmpty());
    }

    // --- triggers

    @Test
    void wantsTriggersOnlyWhenTriggerRequestsAreConfigured() {
        assertFalse(connector.wantsTriggers(), "not active yet");
        activate();
        assertFalse(connector.wantsTriggers(), "no trigger requests: the engine need not store triggers");
        activate("triggers", new String[] {"{\"trigger\":\"ended\",\"url\":\"/hangup\"}"});
        assertTrue(connector.wantsTriggers());
    }

    @Test
    void updatesLogsOnlyWithALogUpdateRequest() {
        assertTrue(connector.updatesLogs(), "not active yet: the engine stores the first log all the same");
        activateLog();
        assertFalse(connector.updatesLogs(), "without log.update.url a written record stays: one log, at wrap-up");
        activateLog("log.update.url", "/api/activities/{recordId}");
        assertTrue(connector.updatesLogs());
    }

    @Test
    void triggersFireTheirRequestsInOrderForTheirChannel() throws Exception {
        crm.on("GET", "/ring", Reply.json(200, "")).on("POST", "/hook", Reply.json(204, ""))
                .on("POST", "/hangup", Reply.json(200, "")).on("POST", "/chat", Reply.json(200, ""));
        activate("triggers", new String[] {
            "{\"trigger\":\"offered\",\"channel\":\"voice\",\"url\":\"/ring?ani={ani}&agent={agentId}\"}",
            "{\"trigger\":\"offered\",\"url\":\"/hook\",\"headers\":{\"X-Trigger\":\"{trigger}\"},"
                    + "\"json\":{\"event\":\"{trigger}\",\"channel\":\"{channel}\",\"caller\":\"{ani}\"}}",
            "{\"trigger\":\"ended\",\"channel\":\"voice\",\"url\":\"/hangup\",\"form\":\"id={interactionId}&s={durationSeconds}\"}",
            "{\"trigger\":\"offered\",\"channel\":\"chat\",\"method\":\"POST\",\"url\":\"/chat\"}"});
        Interaction in = call();

        assertTrue(connector.onTrigger(new TriggerEvent(Trigger.OFFERED, in)).isOk());
        List<Received> sent = crm.received();
        assertEquals(List.of("GET /ring", "POST /hook"), sent.stream().map(r -> r.method() + " " + r.rawPath()).toList());
        assertEquals("ani=%2B4722334455&agent=ag7", sent.get(0).rawQuery());
        assertEquals("offered", sent.get(1).header("X-Trigger"));
        JsonNode hook = json(sent.get(1));
        assertEquals("offered", hook.get("event").textValue());
        assertEquals("voice", hook.get("channel").textValue());

        assertTrue(connector.onTrigger(new TriggerEvent(Trigger.ENDED, in)).isOk());
        Received hangup = crm.received().get(2);
        assertEquals("/hangup", hangup.rawPath());
        assertEquals("application/x-www-form-urlencoded", hangup.header("Content-Type"));
        assertEquals("id=i-1&s=95", hangup.body());

        in.channel = Channel.CHAT;
        assertTrue(connector.onTrigger(new TriggerEvent(Trigger.OFFERED, in)).isOk());
        assertEquals(List.of("/hook", "/chat"), crm.received().subList(3, 5).stream().map(Received::rawPath).toList());

        assertTrue(connector.onTrigger(new TriggerEvent(Trigger.FINISHED, in)).isOk());
        assertEquals(5, crm.received().size(), "nothing configured for finished");
    }

    @Test
    void aTriggerOnAnotherServerGetsNoCrmCredentialsUnlessItAsksForThem() throws Exception {
        try (LoopbackCrm hooks = new LoopbackCrm()) {
            crm.on("POST", "/hangup", Reply.json(200, ""));
            hooks.on("POST", "/hook", Reply.json(200, "")).on("POST", "/trusted", Reply.json(200, ""));
            activate("auth.type", "bearer", ".auth.token", "crm-token", "triggers", new String[] {
                "{\"trigger\":\"ended\",\"method\":\"POST\",\"url\":\"/hangup\"}",
                "{\"trigger\":\"ended\",\"method\":\"POST\",\"url\":\"" + hooks.url("/hook") + "\"}",
                "{\"trigger\":\"ended\",\"method\":\"POST\",\"url\":\"" + hooks.url("/trusted") + "\","
                        + "\"credentials\":true}"});

            assertTrue(connector.onTrigger(new TriggerEvent(Trigger.ENDED, call())).isOk());

            assertEquals("Bearer crm-token", crm.received("/hangup").get(0).header("Authorization"));
            assertNull(hooks.received("/hook").get(0).header("Authorization"), "another server never sees the token");
            assertEquals("Bearer crm-token", hooks.received("/trusted").get(0).header("Authorization"),
                    "unless the operator said so for that trigger");
        }
    }

    @Test
    void aFailingTriggerRequestStopsTheRestAndAsksForARetry() {
        crm.on("POST", "/a", Reply.json(503, "").withHeader("Retry-After", "90")).on("POST", "/b", Reply.json(200, ""));
        activate("triggers", new String[] {"{\"trigger\":\"ended\",\"method\":\"POST\",\"url\":\"/a\"}",
            "{\"trigger\":\"ended\",\"method\":\"POST\",\"url\":\"/b\"}"});
        DeliveryResult result = connector.onTrigger(new TriggerEvent(Trigger.ENDED, call()));
        assertEquals(DeliveryResult.Status.RETRY, result.status());
        assertEquals(Duration.ofSeconds(90), result.retryAfter());
        assertTrue(result.message().contains("triggers[0]"), result.message());
        assertTrue(crm.received("/b").isEmpty());
    }

    // --- logs and dispositions

    private void activateLog(Object... more) {
        List<Object> kv = new ArrayList<>(List.of("log.url", "/api/activities",
                "log.headers", new String[] {"X-Idempotency-Key: {key}"},
                "log.body", "{\"interactionId\":\"{interactionId}\",\"ucid\":\"{ucid}\",\"agent\":\"{agentId}\","
                        + "\"channel\":\"{channel}\",\"direction\":\"{direction}\",\"from\":\"{ani}\",\"to\":\"{dnis}\","
                        + "\"queue\":\"{topicName}\",\"skill\":\"{skillName}\",\"start\":\"{startTime}\",\"end\":\"{endTime}\","
                        + "\"seconds\":\"{durationSeconds}\",\"acw\":\"{acwDurationSeconds}\",\"subject\":\"{subject}\","
                        + "\"notes\":\"{notes}\",\"disposition\":\"{disposition}\",\"account\":\"{cav.crm.accountNo}\","
                        + "\"balance\":\"{engagement.balance}\",\"tier\":\"{custom.tier}\",\"who\":\"{nameId}\"}",
                "log.id.pointer", "/id", "log.record.type", "Call",
                "log.record.url.template", crm.url("/activities/{recordId}")));
        kv.addAll(List.of(more));
        activate(kv.toArray());
    }

    @Test
    void logIsCreatedWithEveryFieldAndTheRecordComesBack() throws Exception {
        crm.on("POST", "/api/activities", Reply.json(201, "{\"id\":\"a1\"}"));
        activateLog();
        Interaction in = call();
        in.searchResults.add(new CrmObject("c1", "Contact", "Ada", true, false));
        DeliveryResult result = connector.saveInteractionLog(new InteractionLog(in, null));

        assertTrue(result.isOk(), result.toString());
        assertEquals("a1", result.record().id);
        assertEquals("Call", result.record().type);
        assertEquals(crm.url("/activities/a1"), result.record().url);
        Received sent = crm.received("/api/activities").get(0);
        assertEquals("t1:i-1", sent.header("X-Idempotency-Key"));
        JsonNode body = json(sent);
        assertEquals("i-1", body.get("interactionId").textValue());
        assertEquals("00001002003", body.get("ucid").textValue());
        assertEquals("ag7", body.get("agent").textValue());
        assertEquals("voice", body.get("channel").textValue());
        assertEquals("inbound", body.get("direction").textValue());
        assertEquals("+4722334455", body.get("from").textValue());
        assertEquals("800", body.get("to").textValue());
        assertEquals("Sales", body.get("queue").textValue());
        assertEquals("Billing", body.get("skill").textValue());
        assertEquals("2026-03-01T09:58:00Z", body.get("start").textValue());
        assertEquals("2026-03-01T09:59:35Z", body.get("end").textValue());
        assertEquals(95, body.get("seconds").intValue());
        assertEquals(20, body.get("acw").intValue());
        assertEquals("Inbound call", body.get("subject").textValue());
        assertEquals("Asked about invoice", body.get("notes").textValue());
        assertEquals("Resolved", body.get("disposition").textValue());
        assertEquals("A-9", body.get("account").textValue());
        assertEquals(12.5, body.get("balance").doubleValue());
        assertEquals("gold", body.get("tier").textValue());
        assertEquals("c1", body.get("who").textValue(), "the single lookup match is the Name");
    }

    @Test
    void twoTenantsSharingTheInstanceSendDifferentKeysForTheSameInteractionId() {
        crm.on("POST", "/api/activities", Reply.json(201, "{\"id\":\"a1\"}"));
        activateLog();
        Interaction ours = call();
        Interaction theirs = call();
        theirs.tenantId = "t2";

        assertTrue(connector.saveInteractionLog(new InteractionLog(ours, null)).isOk());
        assertTrue(connector.saveInteractionLog(new InteractionLog(theirs, null)).isOk());

        List<String> keys = crm.received("/api/activities").stream().map(r -> r.header("X-Idempotency-Key")).toList();
        assertEquals(List.of("t1:i-1", "t2:i-1"), keys, "a CRM de-duplicating on {key} keeps both records");
    }

    @Test
    void aLogWrittenBeforeIsUpdatedInPlace() throws Exception {
        crm.on("PATCH", "/api/activities/a1", Reply.json(200, "{}"));
        activateLog("log.update.url", "/api/activities/{recordId}");
        CrmRecordRef existing = new CrmRecordRef("Call", "a1", null);
        DeliveryResult result = connector.saveInteractionLog(new InteractionLog(call(), existing));
        assertTrue(result.isOk());
        assertSame(existing, result.record());
        assertTrue(crm.received("/api/activities").isEmpty(), "no second record");
        assertEquals("Asked about invoice", json(crm.received("/api/activities/a1").get(0)).get("notes").textValue());
    }

    @Test
    void aLogWrittenBeforeWithoutUpdateUrlIsNotSentAgain() {
        activateLog();
        CrmRecordRef existing = new CrmRecordRef("Call", "a1", null);
        DeliveryResult result = connector.saveInteractionLog(new InteractionLog(call(), existing));
        assertTrue(result.isOk());
        assertSame(existing, result.record());
        assertTrue(crm.received().isEmpty());
    }

    @Test
    void answerWithoutIdIsDeliveredWithoutRecord() {
        crm.on("POST", "/api/activities", Reply.json(201, "{\"ok\":true}"));
        activateLog();
        DeliveryResult result = connector.saveInteractionLog(new InteractionLog(call(), null));
        assertTrue(result.isOk());
        assertNull(result.record());
    }

    @Test
    void aSeparateDispositionIsRefusedPlainlyWithoutARequest() {
        activate();
        DeliveryResult result = connector.setDisposition(new DispositionUpdate(call(), "Resolved",
                new CrmRecordRef("Call", "a1", null)));
        assertEquals(DeliveryResult.Status.CANCEL, result.status());
        assertTrue(result.message().contains("log.update.body"), result.message());
        assertTrue(crm.received().isEmpty());
    }

    @Test
    void unconfiguredDeliveriesAreOkWithoutRequests() {
        activate();
        assertTrue(connector.saveInteractionLog(new InteractionLog(call(), null)).isOk());
        assertTrue(connector.onTrigger(new TriggerEvent(Trigger.OFFERED, call())).isOk());
        assertTrue(crm.received().isEmpty());
    }

    // --- failures

    @Test
    void serverErrorsAreRetriedThenHandedToTheOutbox() {
        crm.on("POST", "/api/activities", Reply.json(503, "{\"message\":\"maintenance\"}"));
        activateLog();
        DeliveryResult result = connector.saveInteractionLog(new InteractionLog(call(), null));
        assertEquals(DeliveryResult.Status.RETRY, result.status());
        assertNull(result.retryAfter());
        assertTrue(result.message().contains("HTTP 503") && result.message().contains("maintenance"), result.message());
        assertEquals(3, crm.received("/api/activities").size());
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofMillis(1000)), sleeper.waits);
    }

    @Test
    void retryAfterBeyondTheLimitBecomesTheOutboxDelay() {
        crm.on("POST", "/api/activities", Reply.json(429, "").withHeader("Retry-After", "120"));
        activateLog();
        DeliveryResult result = connector.saveInteractionLog(new InteractionLog(call(), null));
        assertEquals(DeliveryResult.Status.RETRY, result.status());
        assertEquals(Duration.ofSeconds(120), result.retryAfter());
        assertEquals(1, crm.received("/api/activities").size());
    }

    @Test
    void shortRetryAfterIsWaitedForInPlace() {
        crm.on("POST", "/api/activities", Reply.json(429, "").withHeader("Retry-After", "3"),
                Reply.json(201, "{\"id\":\"a7\"}"));
        activateLog();
        DeliveryResult result = connector.saveInteractionLog(new InteractionLog(call(), null));
        assertEquals("a7", result.record().id);
        assertEquals(List.of(Duration.ofSeconds(3)), sleeper.waits);
    }

    @Test
    void badRequestIsCancelledAfterOneTry() {
        crm.on("POST", "/api/activities", Reply.json(400, "{\"message\":\"subject too long\"}"));
        activateLog();
        DeliveryResult result = connector.saveInteractionLog(new InteractionLog(call(), null));
        assertEquals(DeliveryResult.Status.CANCEL, result.status());
        assertTrue(result.message().contains("subject too long"), result.message());
        assertEquals(1, crm.received("/api/activities").size());
        assertTrue(sleeper.waits.isEmpty());
    }

    // --- injection

    private static final List<String> ATTACKS = List.of("a&b=c", "x\"y", "}{ani}", "line1\nline2\r\nX-Evil: 1",
            "../../admin", "?x=1#frag", "..", "%2F%00", "{\"admin\":true}");

    @Test
    void callerValuesCannotChangeAnyRequestsStructure() throws Exception {
        crm.on("GET", "/api/contacts/x", Reply.json(200, "[]"));
        crm.on("POST", "/api/activities", Reply.json(201, "{\"id\":\"a1\"}"));
        crm.on("POST", "/hook", Reply.json(200, ""));
        activate("lookup.url", "/api/contacts/x?phone={ani}&name={callerName}&acc={cav.accountNo}",
                "lookup.headers", new String[] {"X-Caller: {ani}", "X-Notes: {notes}"},
                "pop.none.url", crm.url("/new/{ani}?n={notes}"),
                "log.url", "/api/activities",
                "log.body", "{\"from\":\"{ani}\",\"notes\":\"{notes}\",\"acc\":\"{cav.accountNo}\",\"s\":\"{subject}\","
                        + "\"t\":\"{custom.tier}\",\"e\":\"{engagement.note}\"}",
                "triggers", new String[] {
                    "{\"trigger\":\"ended\",\"url\":\"/hook?d={dnis}\",\"form\":\"ani={ani}&notes={notes}&acc={cav.accountNo}\"}"});
        for (String attack : ATTACKS) {
            Interaction in = call();
            in.callerNumber = attack;
            in.callerName = attack;
            in.dnis = attack;
            in.comments = attack;
            in.subject = attack;
            in.cavs.clear();
            in.cavs.add(new Cav("1", "accountNo", null, attack));
            in.customFields.put("tier", attack);
            in.engagementParameters.put("note", attack);
            int before = crm.received().size();

            ScreenPopResult result = pop(in);
            connector.saveInteractionLog(new InteractionLog(in, null));
            connector.onTrigger(new TriggerEvent(Trigger.ENDED, in));
            List<Received> sent = crm.received().subList(before, crm.received().size());
            assertEquals(3, sent.size(), attack);

            Received lookup = sent.get(0);
            assertEquals("/api/contacts/x", lookup.rawPath(), attack);
            assertEquals(Map.of("phone", List.of(attack), "name", List.of(attack), "acc", List.of(attack)),
                    lookup.query(), attack);
            String oneLine = attack.replace('\r', ' ').replace('\n', ' ');
            assertEquals(oneLine, lookup.header("X-Caller"), attack);
            assertNull(lookup.header("X-Evil"), attack);

            String popUrl = result.pop.url;
            java.net.URI uri = java.net.URI.create(popUrl);
            assertEquals(2, uri.getRawPath().split("/").length - 1, "path stays /new/<one segment>: " + popUrl);
            assertNull(uri.getRawFragment(), popUrl);
            assertEquals(attack, java.net.URLDecoder.decode(uri.getRawPath().substring(5).replace("+", "%2B"),
                    java.nio.charset.StandardCharsets.UTF_8), popUrl);

            JsonNode log = json(sent.get(1));
            assertEquals(6, log.size(), attack);
            for (String field : List.of("from", "notes", "acc", "s", "t", "e")) {
                assertEquals(attack, log.get(field).textValue(), field + ": " + attack);
            }

            Received hook = sent.get(2);
            assertEquals("/hook", hook.rawPath());
            assertEquals(Map.of("d", List.of(attack)), hook.query(), attack);
            assertEquals(Map.of("ani", List.of(attack), "notes", List.of(attack), "acc", List.of(attack)), hook.form(),
                    attack);
        }
    }

    // --- configuration lifecycle

    @Test
    void invalidConfigurationIsRefusedOnActivate() {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> activate("lookup.url", "/api/contacts?phone={phone}"));
        assertEquals("lookup.url", e.attribute());
        assertNull(connector.settings());
    }

    @Test
    void refusedModificationKeepsThePreviousConfigurationInForce() throws Exception {
        crm.on("GET", "/api/contacts", Reply.json(200, ADA));
        activateLookup();
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> connector.modified(config(props("lookup.url", "/api/v2/contacts?phone={ani}",
                        "lookup.records.pointer", "results"))));
        assertEquals("lookup.records.pointer", e.attribute());

        ScreenPopResult result = pop(call());
        assertEquals("c1", result.matches.get(0).id, "the previous lookup still works");
        assertEquals(1, crm.received("/api/contacts").size());
        assertTrue(crm.received("/api/v2/contacts").isEmpty());
    }

    @Test
    void acceptedModificationTakesEffectAndClosesTheOldClient() throws Exception {
        crm.on("GET", "/api/contacts", Reply.json(200, ADA)).on("GET", "/api/v2/contacts", Reply.json(200, ADA));
        activateLookup();
        Connection first = connectionOf(connector);
        connector.modified(config(props("lookup.url", "/api/v2/contacts?phone={ani}", "lookup.records.pointer",
                "/results")));
        pop(call());
        assertEquals(1, crm.received("/api/v2/contacts").size());
        assertTrue(first.isClosed(), "no request was running, so the old client closed at once");
    }

    @Test
    void retiredConnectionClosesOnlyWhenItsLastRequestIsDone() {
        activate();
        Connection c = connectionOf(connector);
        assertTrue(c.acquire());
        c.retire();
        assertFalse(c.isClosed());
        assertFalse(c.acquire(), "no new requests on a retired connection");
        c.release();
        assertTrue(c.isClosed());
    }

    @Test
    void deactivatedAdapterAnswersRetryAndClosesItsClient() {
        activate();
        Connection c = connectionOf(connector);
        connector.deactivate();
        assertTrue(c.isClosed());
        assertEquals(DeliveryResult.Status.RETRY, connector.saveInteractionLog(new InteractionLog(call(), null)).status());
        assertTrue(assertThrows(CrmException.class, () -> pop(call())).isRetryable());
    }

    @Test
    void oauth2ThroughTheConfiguration() throws Exception {
        crm.on("POST", "/oauth/token", Reply.json(200, "{\"access_token\":\"tk\",\"expires_in\":600}"));
        crm.on("GET", "/api/contacts", Reply.json(200, ADA));
        activateLookup("auth.type", "oauth2", "auth.oauth2.token.url", crm.url("/oauth/token"),
                "auth.oauth2.client.id", "cid", ".auth.oauth2.client.secret", "cs");
        pop(call());
        pop(call());
        assertEquals(1, crm.received("/oauth/token").size());
        assertEquals(List.of("Bearer tk", "Bearer tk"),
                crm.received("/api/contacts").stream().map(r -> r.header("Authorization")).toList());
        clock.advance(Duration.ofSeconds(600));
        pop(call());
        assertEquals(2, crm.received("/oauth/token").size(), "renewed after expiry");
    }

    @Test
    void apiKeyAndBasicThroughTheConfiguration() throws Exception {
        crm.on("GET", "/api/contacts", Reply.json(200, ADA));
        activateLookup("auth.type", "apikey", "auth.apikey.header", "X-Api-Token", ".auth.apikey.value", "k1");
        pop(call());
        assertEquals("k1", crm.received("/api/contacts").get(0).header("X-Api-Token"));
        connector.modified(config(props("lookup.url", "/api/contacts?phone={ani}", "auth.type", "basic",
                "auth.username", "u", ".auth.password", "p")));
        pop(call());
        assertEquals("Basic dTpw", crm.received("/api/contacts").get(1).header("Authorization"));
    }

    private static Connection connectionOf(GenericRestConnector connector) {
        try {
            java.lang.reflect.Field f = GenericRestConnector.class.getDeclaredField("connection");
            f.setAccessible(true);
            return (Connection) f.get(connector);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
