package org.crmconnector.crm.genericrest;

import static org.crmconnector.crm.genericrest.testing.Configs.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.crmconnector.crm.DeliveryResult;
import org.crmconnector.crm.InteractionLog;
import org.crmconnector.crm.ScreenPopRequest;
import org.crmconnector.crm.ScreenPopResult;
import org.crmconnector.crm.genericrest.config.InvalidConfigurationException;
import org.crmconnector.crm.genericrest.testing.LoopbackCrm;
import org.crmconnector.crm.genericrest.testing.LoopbackCrm.Reply;
import org.crmconnector.crm.genericrest.testing.RecordingSleeper;
import org.crmconnector.interaction.CrmObject;
import org.crmconnector.interaction.Interaction;
import org.crmconnector.testing.MutableClock;
import org.crmconnector.crm.support.http.SharedHttpClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Issue 14 parts 1 and 3 against a HubSpot-shaped CRM on loopback: {ownerId}
 * from the owner table or the owners endpoint, and a contact for unknown callers.
 */
class OwnersAndUnknownCallersTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String OWNERS = "/crm/v3/owners/";
    private static final String CONTACTS = "/crm/v3/objects/contacts";
    private static final String SEARCH = "/crm/v3/objects/contacts/search";
    private static final String CALLS = "/crm/v3/objects/calls";
    private static final String NUMBER = "+15559876543";

    private LoopbackCrm crm;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private GenericRestConnector connector;

    private final SharedHttpClients clients = new SharedHttpClients("test");

    @BeforeEach
    void start() throws Exception {
        crm = new LoopbackCrm();
        crm.on("POST", CALLS, Reply.json(201, "{\"id\":\"call-1\"}"));
        connector = new GenericRestConnector(clients, clock, new RecordingSleeper());
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
        p.put("log.url", CALLS);
        p.put("log.body", "{\"properties\":{\"hs_call_title\":\"{subject}\",\"hubspot_owner_id\":\"{ownerId}\"}}");
        p.put("lookup.method", "POST");
        p.put("lookup.url", SEARCH);
        p.put("lookup.body", "{\"query\":\"{ani}\"}");
        p.put("lookup.records.pointer", "/results");
        p.put("lookup.record.url.template", "https://app.hubspot.com/contacts/1/record/0-1/{recordId}");
        for (int i = 0; i < keyValues.length; i += 2) {
            p.put((String) keyValues[i], keyValues[i + 1]);
        }
        connector.activate(config(p));
    }

    private static InteractionLog log(String id, String agent) {
        Interaction in = new Interaction();
        in.tenantId = "t1";
        in.interactionId = id;
        in.agentId = agent;
        in.callerNumber = NUMBER;
        in.subject = "Call " + id;
        return new InteractionLog(in, null);
    }

    /** The hubspot_owner_id the last logged call carried. */
    private String loggedOwner() throws Exception {
        List<LoopbackCrm.Received> calls = crm.received(CALLS);
        return MAPPER.readTree(calls.get(calls.size() - 1).body()).path("properties").path("hubspot_owner_id").asText();
    }

    private static ScreenPopRequest call(String number) {
        ScreenPopRequest request = new ScreenPopRequest();
        request.ani = number;
        request.interaction = log("pop", "agent-7").interaction;
        return request;
    }

    @Test
    void anAgentListedWithAnIdGetsItAsOwnerId() throws Exception {
        activate("owner.map", List.of("agent-7=41629779"));

        assertTrue(connector.saveInteractionLog(log("c1", "agent-7")).isOk());

        assertEquals("41629779", loggedOwner());
        assertTrue(crm.received(OWNERS).isEmpty());
    }

    @Test
    void anEmailIsLookedUpAtTheOwnersEndpointOnceAndCached() throws Exception {
        crm.on("GET", OWNERS, Reply.json(200, "{\"results\":[{\"id\":\"41629779\",\"email\":\"ada@acme.example\"}]}"));
        activate("owner.map", List.of("agent-7=ada@acme.example"), "owner.lookup.url", OWNERS + "?email={email}",
                "owner.lookup.id.pointer", "/results/0/id");

        connector.saveInteractionLog(log("c1", "agent-7"));
        connector.saveInteractionLog(log("c2", "agent-7"));

        assertEquals("41629779", loggedOwner());
        assertEquals(1, crm.received(OWNERS).size());
        assertEquals(List.of("ada@acme.example"), crm.received(OWNERS).get(0).query().get("email"));
    }

    @Test
    void anAgentWithoutUserLeavesOwnerIdEmptyIsListedAndIsAskedAgainAfterTheTtl() throws Exception {
        crm.on("GET", OWNERS, Reply.json(200, "{\"results\":[]}"),
                Reply.json(200, "{\"results\":[{\"id\":\"77\"}]}"));
        activate("owner.lookup.url", OWNERS + "?email={email}", "owner.lookup.id.pointer", "/results/0/id",
                "owner.cacheTtl.seconds", 60);

        assertTrue(connector.saveInteractionLog(log("c1", "bob@acme.example")).isOk());
        assertEquals("", loggedOwner());
        assertEquals(Map.of("t1", List.of("bob@acme.example")), connector.status().get("agentsWithoutCrmUser"));

        clock.advance(Duration.ofSeconds(61));
        connector.saveInteractionLog(log("c2", "bob@acme.example"));
        assertEquals("77", loggedOwner());
        assertEquals(Map.of(), connector.status().get("agentsWithoutCrmUser"));
    }

    @Test
    void agentIdsThatAreNoEmailAreNotSentToAnEmailLookup() throws Exception {
        activate("owner.lookup.url", OWNERS + "?email={email}", "owner.lookup.id.pointer", "/results/0/id");

        assertTrue(connector.saveInteractionLog(log("c1", "agent-7")).isOk());

        assertTrue(crm.received(OWNERS).isEmpty());
        assertEquals("", loggedOwner());
    }

    @Test
    void anOwnersOutageRetriesTheLog() throws Exception {
        crm.on("GET", OWNERS, Reply.json(503, "{}"));
        activate("owner.map", List.of("agent-7=ada@acme.example"), "owner.lookup.url", OWNERS + "?email={email}",
                "http.max.attempts", 1);

        DeliveryResult result = connector.saveInteractionLog(log("c1", "agent-7"));

        assertEquals(DeliveryResult.Status.RETRY, result.status(), result.toString());
        assertTrue(crm.received(CALLS).isEmpty());
    }

    @Test
    void anUnknownVariableInTheOwnerLookupIsRefusedOnSave() {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> activate("owner.lookup.url", OWNERS + "?email={ani}"));
        assertTrue(e.getMessage().contains("owner.lookup.url"), e.getMessage());
    }

    // --- unknown callers

    private void activateCreating(Object... more) {
        List<Object> kv = new ArrayList<>(List.of("create.url", CONTACTS,
                "create.body", "{\"properties\":{\"phone\":\"{ani}\",\"lastname\":\"Unknown caller\"}}"));
        kv.addAll(List.of(more));
        activate(kv.toArray());
    }

    @Test
    void anUnknownCallerGetsAContactThatIsPopped() throws Exception {
        crm.on("POST", SEARCH, Reply.json(200, "{\"total\":0,\"results\":[]}"));
        crm.on("POST", CONTACTS, Reply.json(201, "{\"id\":\"501\",\"properties\":{\"phone\":\"" + NUMBER + "\"}}"));
        activateCreating();

        ScreenPopResult result = connector.screenPop(call(NUMBER));

        assertEquals(ScreenPopResult.Match.ONE, result.match());
        CrmObject contact = result.matches.get(0);
        assertEquals("501", contact.id);
        assertEquals("https://app.hubspot.com/contacts/1/record/0-1/501", result.pop.url);
        assertEquals(NUMBER, MAPPER.readTree(crm.received(CONTACTS).get(0).body()).path("properties").path("phone").asText());
    }

    @Test
    void aCallerFoundGetsNoContact() throws Exception {
        crm.on("POST", SEARCH, Reply.json(200, "{\"results\":[{\"id\":\"9\",\"name\":\"Ada\"}]}"));
        activateCreating();

        assertEquals("9", connector.screenPop(call(NUMBER)).matches.get(0).id);
        assertTrue(crm.received(CONTACTS).isEmpty());
    }

    @Test
    void aSecondCallBeforeTheSearchFindsTheContactGetsTheSameOne() throws Exception {
        crm.on("POST", SEARCH, Reply.json(200, "{\"results\":[]}"));
        crm.on("POST", CONTACTS, Reply.json(201, "{\"id\":\"501\"}"), Reply.json(201, "{\"id\":\"502\"}"));
        activateCreating();

        assertEquals("501", connector.screenPop(call(NUMBER)).matches.get(0).id);
        assertEquals("501", connector.screenPop(call("+1 555 987 6543")).matches.get(0).id);
        assertEquals(1, crm.received(CONTACTS).size());
    }

    @Test
    void overlappingCallsFromOneNumberCreateOneContact() throws Exception {
        crm.on("POST", SEARCH, Reply.json(200, "{\"results\":[]}"));
        crm.on("POST", CONTACTS, Reply.json(201, "{\"id\":\"501\"}"), Reply.json(201, "{\"id\":\"502\"}"));
        activateCreating();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<ScreenPopResult>> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                calls.add(pool.submit(() -> {
                    go.await();
                    return connector.screenPop(call(NUMBER));
                }));
            }
            go.countDown();
            for (Future<ScreenPopResult> f : calls) {
                assertEquals("501", f.get(10, TimeUnit.SECONDS).matches.get(0).id);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, crm.received(CONTACTS).size());
    }

    @Test
    void aRefusedCreationLeavesNoMatch() throws Exception {
        crm.on("POST", SEARCH, Reply.json(200, "{\"results\":[]}"));
        crm.on("POST", CONTACTS, Reply.json(400, "{\"message\":\"Property values were not valid\"}"));
        activateCreating("pop.none.url", "https://app.hubspot.com/contacts/1/new?phone={ani}");

        ScreenPopResult result = connector.screenPop(call(NUMBER));

        assertEquals(ScreenPopResult.Match.NONE, result.match());
        assertTrue(result.pop.url.startsWith("https://app.hubspot.com/contacts/1/new"), result.pop.url);
    }
}
