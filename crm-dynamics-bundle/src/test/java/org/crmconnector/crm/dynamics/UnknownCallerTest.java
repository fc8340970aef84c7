package org.crmconnector.crm.dynamics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.crmconnector.crm.DeliveryResult;
import org.crmconnector.crm.InteractionLog;
import org.crmconnector.crm.ScreenPopRequest;
import org.crmconnector.crm.ScreenPopResult;
import org.crmconnector.interaction.CrmObject;
import org.crmconnector.interaction.Direction;
import org.crmconnector.testing.ConfigProperties;
import org.crmconnector.testing.adapter.SampleCalls;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A contact or lead for a caller no record knows, one per number across server nodes. */
class UnknownCallerTest {

    private static final String NUMBER = "+1 (555) 987-6543";
    private static final String KEY = "new_crmconnectorphone";

    @AutoClose
    private final DynamicsFixture fixture = new DynamicsFixture();

    private ConfigProperties<DynamicsConfig> creatingContacts() {
        fixture.environment.addAlternateKey("contacts", KEY);
        return fixture.config().and("create.object", "contact");
    }

    @Test
    void offByDefault() throws Exception {
        fixture.environment.addAlternateKey("contacts", KEY);
        DynamicsConnector dynamics = fixture.start();

        ScreenPopResult result = dynamics.screenPop(SampleCalls.call(NUMBER));

        assertEquals(ScreenPopResult.Match.NONE, result.match());
        assertEquals(0, fixture.environment.count("write.contacts"));
        assertTrue(fixture.environment.rows("contacts").isEmpty());
    }

    @Test
    void anUnknownCallerGetsAContactThatIsPoppedAndIsThePhonecallsRegardingRecord() throws Exception {
        DynamicsConnector dynamics = fixture.start(creatingContacts().and("create.fields",
                List.of("lastname=Unknown caller", "telephone1={ani}", "description=Called {dnis} ({topicName})")));
        ScreenPopRequest request = SampleCalls.call(NUMBER);
        request.interaction.dnis = "800";

        ScreenPopResult result = dynamics.screenPop(request);

        assertEquals(ScreenPopResult.Match.ONE, result.match());
        List<ObjectNode> contacts = fixture.environment.rows("contacts");
        assertEquals(1, contacts.size());
        ObjectNode contact = contacts.get(0);
        assertEquals("Unknown caller", contact.path("lastname").asText());
        assertEquals(NUMBER, contact.path("telephone1").asText());
        assertEquals("Called 800 ()", contact.path("description").asText());
        assertEquals("15559876543", contact.path(KEY).asText(), "the key holds the significant digits");
        CrmObject match = result.matches.get(0);
        assertEquals(contact.path("contactid").asText(), match.id);
        assertEquals("contact", match.label);
        assertEquals("Unknown caller", match.name);
        assertTrue(match.isWho);
        String url = fixture.environment.url() + "/main.aspx?etn=contact&id=" + match.id + "&pagetype=entityrecord";
        assertEquals(url, match.url);
        assertEquals(url, result.pop.url);

        // the engine makes a single person match the log's Name; the phone call is then regarding the contact
        InteractionLog log = SampleCalls.log("c1");
        log.interaction.selectedName = match;
        DeliveryResult saved = dynamics.saveInteractionLog(log);
        assertTrue(saved.isOk(), saved.toString());
        assertEquals(match.id, fixture.environment.phonecall(saved.record().id).path("_regardingobjectid_value").asText());

        // the next call from the number finds the contact by its phone
        assertEquals(match.id, dynamics.screenPop(SampleCalls.call("555 987 6543")).matches.get(0).id);
        assertEquals(1, fixture.environment.count("write.contacts"));
    }

    @Test
    void aKnownCallerGetsNoRecord() throws Exception {
        String known = fixture.environment.addContact("Jane Doe", "555-987-6543");
        DynamicsConnector dynamics = fixture.start(creatingContacts());

        assertEquals(known, dynamics.screenPop(SampleCalls.call(NUMBER)).matches.get(0).id);
        assertEquals(0, fixture.environment.count("write.contacts"));
    }

    @Test
    void outboundCallsCreateNothing() throws Exception {
        DynamicsConnector dynamics = fixture.start(creatingContacts());
        ScreenPopRequest request = SampleCalls.call(NUMBER);
        request.interaction.direction = Direction.OUTBOUND;

        assertEquals(ScreenPopResult.Match.NONE, dynamics.screenPop(request).match());
        assertEquals(0, fixture.environment.count("write.contacts"));
    }

    @Test
    void overlappingCallsFromOneNumberCreateOneContact() throws Exception {
        DynamicsConnector dynamics = fixture.start(creatingContacts());
        // both lookups have asked, and found nobody, before either creates
        fixture.environment.holdQueries(2);

        List<ScreenPopResult> results = concurrently(() -> dynamics.screenPop(SampleCalls.call(NUMBER)),
                () -> dynamics.screenPop(SampleCalls.call("+15559876543")));

        assertEquals(results.get(0).matches.get(0).id, results.get(1).matches.get(0).id);
        assertEquals(1, fixture.environment.rows("contacts").size());
        assertEquals(1, fixture.environment.count("write.contacts"), "the second call waited for the first one's record");
    }

    @Test
    void twoServerNodesShareTheContactThroughItsAlternateKey() throws Exception {
        // two adapter instances on one environment, as two server nodes have: separate memories
        ConfigProperties<DynamicsConfig> config = creatingContacts();
        DynamicsConnector nodeA = fixture.start(config);
        DynamicsConnector nodeB = fixture.start(config);
        fixture.environment.holdQueries(2);

        List<ScreenPopResult> results = concurrently(() -> nodeA.screenPop(SampleCalls.call(NUMBER)),
                () -> nodeB.screenPop(SampleCalls.call(NUMBER)));

        assertEquals(ScreenPopResult.Match.ONE, results.get(0).match());
        assertEquals(results.get(0).matches.get(0).id, results.get(1).matches.get(0).id);
        assertEquals(1, fixture.environment.rows("contacts").size());
        assertEquals(2, fixture.environment.count("write.contacts"), "the second create was refused with 412");
    }

    @Test
    void aRefusedCreationLeavesTheNoMatchPop() throws Exception {
        // contacts have no companyname column: Dataverse refuses the row
        DynamicsConnector dynamics = fixture.start(creatingContacts().and("create.fields",
                List.of("lastname=Unknown caller", "companyname=Unknown")));

        ScreenPopResult result = dynamics.screenPop(SampleCalls.call(NUMBER));

        assertEquals(ScreenPopResult.Match.NONE, result.match());
        assertTrue(result.pop.url.contains("etn=contact&pagetype=entityrecord&extraqs="), result.pop.url);
        assertTrue(fixture.environment.rows("contacts").isEmpty());
    }

    @Test
    void leadsCanBeCreatedInstead() throws Exception {
        fixture.environment.addAlternateKey("leads", "new_callerdigits");
        DynamicsConnector dynamics = fixture.start(fixture.config().and("create.object", "lead")
                .and("create.alternateKey", "new_callerdigits")
                .and("create.fields", List.of("lastname={ani}", "subject=Call from {ani}", "mobilephone={ani}")));

        CrmObject match = dynamics.screenPop(SampleCalls.call(NUMBER)).matches.get(0);

        assertEquals("lead", match.label);
        ObjectNode lead = fixture.environment.rows("leads").get(0);
        assertEquals(match.id, lead.path("leadid").asText());
        assertEquals("Call from " + NUMBER, lead.path("subject").asText());
        assertEquals("15559876543", lead.path("new_callerdigits").asText());
    }

    @SafeVarargs
    private static List<ScreenPopResult> concurrently(java.util.concurrent.Callable<ScreenPopResult>... pops)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(pops.length);
        try {
            List<Future<ScreenPopResult>> futures = pool.invokeAll(List.of(pops), 20, TimeUnit.SECONDS);
            List<ScreenPopResult> results = new java.util.ArrayList<>();
            for (Future<ScreenPopResult> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
