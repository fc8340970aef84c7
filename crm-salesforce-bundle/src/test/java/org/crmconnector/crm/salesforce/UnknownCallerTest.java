package org.crmconnector.crm.salesforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
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
import org.crmconnector.crm.salesforce.emulator.SalesforceEmulator;
import org.crmconnector.interaction.CrmObject;
import org.crmconnector.interaction.Direction;
import org.crmconnector.testing.adapter.SampleCalls;
import org.crmconnector.testing.ConfigProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Issue 14 part 3: a record for a caller no record knows, one per number. */
class UnknownCallerTest {

    private static final String NUMBER = "+1 (555) 987-6543";

    private AdapterFixture fixture;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new AdapterFixture();
        fixture.org.externalIdField("CrmConnector_Phone__c");
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private ConfigProperties<SalesforceConfig> creatingLeads() {
        return fixture.config().and("create.object", "Lead");
    }

    @Test
    void offByDefault() throws Exception {
        SalesforceConnector sf = fixture.start();

        ScreenPopResult result = sf.screenPop(SampleCalls.call(NUMBER));

        assertEquals(ScreenPopResult.Match.NONE, result.match());
        assertEquals(0, fixture.org.count("create.Lead"));
    }

    @Test
    void anUnknownCallerGetsALeadThatIsPoppedAndLinkedToTheTask() throws Exception {
        SalesforceConnector sf = fixture.start(creatingLeads());

        ScreenPopResult result = sf.screenPop(SampleCalls.call(NUMBER));

        assertEquals(ScreenPopResult.Match.ONE, result.match());
        List<Map<String, Object>> leads = fixture.org.records("Lead");
        assertEquals(1, leads.size());
        Map<String, Object> lead = leads.get(0);
        assertEquals("Unknown caller", lead.get("LastName"));
        assertEquals("Unknown", lead.get("Company"));
        assertEquals(NUMBER, lead.get("Phone"));
        assertEquals("Phone Inquiry", lead.get("LeadSource"));
        assertEquals("15559876543", lead.get("CrmConnector_Phone__c"));
        CrmObject match = result.matches.get(0);
        assertEquals(lead.get("Id"), match.id);
        assertEquals("Lead", match.label);
        assertTrue(match.isWho);
        assertEquals(fixture.org.url() + "/lightning/r/Lead/" + lead.get("Id") + "/view", result.pop.url);

        // the engine makes a single who-match the log's Name; the Task then links to the Lead
        InteractionLog log = SampleCalls.log("c1");
        log.interaction.selectedName = match;
        DeliveryResult saved = sf.saveInteractionLog(log);
        assertTrue(saved.isOk(), saved.toString());
        assertEquals(lead.get("Id"), fixture.org.task(saved.record().id).get("WhoId"));
    }

    @Test
    void theLeadIsOwnedByTheAgentsSalesforceUserAsTheTaskIs() throws Exception {
        String user = fixture.org.addUser("ada@acme.example", Map.of());
        SalesforceConnector sf = fixture.start(creatingLeads().and("owner.map", "agent-7=" + user));
        ScreenPopRequest call = SampleCalls.call(NUMBER);
        call.interaction.agentId = "agent-7";

        assertEquals(ScreenPopResult.Match.ONE, sf.screenPop(call).match());

        assertEquals(user, fixture.org.records("Lead").get(0).get("OwnerId"));
    }

    @Test
    void theLeadTakesOnlyAUserKnownWithoutAQuerySoThePopNeverWaitsForOne() throws Exception {
        String user = fixture.org.addUser("ada@acme.example", Map.of());
        SalesforceConnector sf = fixture.start(creatingLeads().and("owner.map", "agent-7=ada@acme.example"));
        ScreenPopRequest first = SampleCalls.call(NUMBER);
        first.interaction.agentId = "agent-7";

        sf.screenPop(first);

        assertFalse(fixture.org.records("Lead").get(0).containsKey("OwnerId"), "not known yet: no User query in a pop");
        assertEquals(0, fixture.org.count("query"));
        // the call's Task looks the user up; from then on the agent's callers' records are theirs
        InteractionLog log = SampleCalls.log("c1");
        log.interaction.agentId = "agent-7";
        assertTrue(sf.saveInteractionLog(log).isOk());
        ScreenPopRequest second = SampleCalls.call("+1 (555) 111-2222");
        second.interaction.agentId = "agent-7";
        sf.screenPop(second);
        assertEquals(user, fixture.org.records("Lead").get(1).get("OwnerId"));
    }

    @Test
    void anOwnerSalesforceRefusesLeavesTheLeadWithTheIntegrationUser() throws Exception {
        String gone = fixture.org.addUser("gone@acme.example", Map.of("IsActive", false));
        SalesforceConnector sf = fixture.start(creatingLeads().and("owner.map", "agent-7=" + gone));
        ScreenPopRequest call = SampleCalls.call(NUMBER);
        call.interaction.agentId = "agent-7";

        assertEquals(ScreenPopResult.Match.ONE, sf.screenPop(call).match());

        List<Map<String, Object>> leads = fixture.org.records("Lead");
        assertEquals(1, leads.size());
        assertFalse(leads.get(0).containsKey("OwnerId"));
        assertEquals(2, fixture.org.count("create.Lead"), "refused with the owner, then created without");
    }

    @Test
    void anAgentWithoutAUserLeavesTheLeadWithTheIntegrationUser() throws Exception {
        fixture.org.addUser("ada@acme.example", Map.of("FederationIdentifier", "agent-7"));
        SalesforceConnector sf = fixture.start(creatingLeads().and("owner.lookupField", "FederationIdentifier"));
        ScreenPopRequest call = SampleCalls.call(NUMBER);
        call.interaction.agentId = "nobody";

        assertEquals(ScreenPopResult.Match.ONE, sf.screenPop(call).match());

        assertFalse(fixture.org.records("Lead").get(0).containsKey("OwnerId"), "Salesforce makes the integration user the owner");
    }

    @Test
    void aKnownCallerGetsNoRecord() throws Exception {
        String contact = fixture.org.addContact("Jane Doe", "555-987-6543");
        SalesforceConnector sf = fixture.start(creatingLeads());

        assertEquals(contact, sf.screenPop(SampleCalls.call(NUMBER)).matches.get(0).id);
        assertEquals(0, fixture.org.count("create.Lead"));
    }

    @Test
    void outboundCallsCreateNothing() throws Exception {
        SalesforceConnector sf = fixture.start(creatingLeads());
        ScreenPopRequest request = SampleCalls.call(NUMBER);
        request.interaction.direction = Direction.OUTBOUND;

        assertEquals(ScreenPopResult.Match.NONE, sf.screenPop(request).match());
        assertEquals(0, fixture.org.count("create.Lead"));
    }

    @Test
    void aSecondCallBeforeTheSearchIndexCaughtUpFindsTheSameLead() throws Exception {
        fixture.org.indexLag(true);
        SalesforceConnector sf = fixture.start(creatingLeads().and("lookup.cacheTtl.seconds", 0));

        String first = sf.screenPop(SampleCalls.call(NUMBER)).matches.get(0).id;
        String second = sf.screenPop(SampleCalls.call("+15559876543")).matches.get(0).id;

        assertEquals(first, second);
        assertEquals(1, fixture.org.records("Lead").size());
        assertEquals(1, fixture.org.count("create.Lead"));
    }

    @Test
    void overlappingCallsFromOneNumberCreateOneLead() throws Exception {
        fixture.org.indexLag(true);
        SalesforceConnector sf = fixture.start(creatingLeads().and("lookup.cacheTtl.seconds", 0));
        // both lookups are in flight before either creates: the first data request waits at the door
        SalesforceEmulator.Hold hold = fixture.org.hold();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<ScreenPopResult>> calls = new ArrayList<>();
            calls.add(pool.submit(() -> sf.screenPop(SampleCalls.call(NUMBER))));
            assertTrue(hold.arrived.await(10, TimeUnit.SECONDS));
            calls.add(pool.submit(() -> sf.screenPop(SampleCalls.call(NUMBER))));
            hold.release.countDown();

            String a = calls.get(0).get(10, TimeUnit.SECONDS).matches.get(0).id;
            String b = calls.get(1).get(10, TimeUnit.SECONDS).matches.get(0).id;
            assertEquals(a, b);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, fixture.org.records("Lead").size());
    }

    @Test
    void twoAdapterInstancesOnOneOrgShareTheLeadThroughItsUniqueExternalId() throws Exception {
        fixture.org.indexLag(true);
        // as two server nodes would: separate memories, one org
        SalesforceConnector nodeA = fixture.start(creatingLeads());
        SalesforceConnector nodeB = fixture.start(creatingLeads());

        String a = nodeA.screenPop(SampleCalls.call(NUMBER)).matches.get(0).id;
        String b = nodeB.screenPop(SampleCalls.call(NUMBER)).matches.get(0).id;

        assertEquals(a, b);
        assertEquals(1, fixture.org.records("Lead").size());
        assertEquals(2, fixture.org.count("create.Lead"), "the second create was refused as DUPLICATE_VALUE");
    }

    @Test
    void aRefusedCreationLeavesTheNoMatchPop() throws Exception {
        SalesforceConnector sf = fixture.start(creatingLeads().and("create.fields", List.of("LastName='Unknown caller'",
                "Phone=ani")));

        ScreenPopResult result = sf.screenPop(SampleCalls.call(NUMBER));

        assertEquals(ScreenPopResult.Match.NONE, result.match());
        assertTrue(result.pop.url.contains("/lightning/o/Contact/new"), result.pop.url);
        assertTrue(fixture.org.records("Lead").isEmpty());
    }

    @Test
    void contactsCanBeCreatedInstead() throws Exception {
        SalesforceConnector sf = fixture.start(fixture.config().and("create.object", "Contact")
                .and("create.fields", List.of("LastName=ani", "Phone=ani")));

        CrmObject match = sf.screenPop(SampleCalls.call(NUMBER)).matches.get(0);

        assertEquals("Contact", match.label);
        assertEquals(NUMBER, fixture.org.records("Contact").get(0).get("LastName"));
    }
}
