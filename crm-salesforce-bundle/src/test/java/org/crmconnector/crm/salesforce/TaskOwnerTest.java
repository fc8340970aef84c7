package org.crmconnector.crm.salesforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.crmconnector.crm.DeliveryResult;
import org.crmconnector.crm.InteractionLog;
import org.crmconnector.crm.salesforce.emulator.SalesforceEmulator;
import org.crmconnector.testing.adapter.SampleCalls;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Issue 14 part 1: a log's Task is assigned to the agent's Salesforce user. */
class TaskOwnerTest {

    @AutoClose
    private final AdapterFixture fixture = new AdapterFixture();

    private static InteractionLog logOf(String id, String agent) {
        InteractionLog log = SampleCalls.log(id);
        log.interaction.agentId = agent;
        return log;
    }

    private Map<String, Object> taskOf(DeliveryResult result) {
        assertTrue(result.isOk(), result.toString());
        return fixture.org.task(result.record().id);
    }

    @Test
    void anAgentListedWithAUserIdOwnsTheTaskWithoutAQuery() {
        String user = fixture.org.addUser("ada@acme.example", Map.of());
        SalesforceConnector sf = fixture.start(fixture.config().and("owner.map", "agent-7=" + user));

        Map<String, Object> task = taskOf(sf.saveInteractionLog(logOf("c1", "agent-7")));

        assertEquals(user, task.get("OwnerId"));
        assertEquals(0, fixture.org.count("query"));
    }

    @Test
    void anAgentListedWithAnEmailIsLookedUpOnceAndCached() {
        String user = fixture.org.addUser("ada@acme.example", Map.of());
        SalesforceConnector sf = fixture.start(fixture.config().and("owner.map", "agent-7=ada@acme.example"));

        assertEquals(user, taskOf(sf.saveInteractionLog(logOf("c1", "agent-7"))).get("OwnerId"));
        assertEquals(user, taskOf(sf.saveInteractionLog(logOf("c2", "agent-7"))).get("OwnerId"));

        assertEquals(1, fixture.org.count("query"));
        assertEquals(List.of("SELECT Id FROM User WHERE Email = 'ada@acme.example' AND IsActive = true LIMIT 2"),
                fixture.org.soqlQueries());
    }

    @Test
    void unlistedAgentsAreLookedUpByTheConfiguredField() {
        String user = fixture.org.addUser("bob@acme.example", Map.of("FederationIdentifier", "agent-9"));
        SalesforceConnector sf = fixture.start(fixture.config().and("owner.lookupField", "FederationIdentifier"));

        assertEquals(user, taskOf(sf.saveInteractionLog(logOf("c1", "agent-9"))).get("OwnerId"));
    }

    @Test
    void theCacheExpiresSoAUserCreatedLaterIsFound() {
        SalesforceConnector sf = fixture.start(fixture.config().and("owner.lookupField", "FederationIdentifier")
                .and("owner.cacheTtl.seconds", 600));
        assertNull(taskOf(sf.saveInteractionLog(logOf("c1", "agent-9"))).get("OwnerId"));
        String user = fixture.org.addUser("bob@acme.example", Map.of("FederationIdentifier", "agent-9"));

        assertNull(taskOf(sf.saveInteractionLog(logOf("c2", "agent-9"))).get("OwnerId"), "the 'no user' answer is cached");
        fixture.clock.advance(Duration.ofSeconds(601));
        assertEquals(user, taskOf(sf.saveInteractionLog(logOf("c3", "agent-9"))).get("OwnerId"));

        assertEquals(2, fixture.org.count("query"));
        assertEquals(Map.of(), sf.status().get("agentsWithoutCrmUser"));
    }

    @Test
    void anAgentWithoutAUserLogsAsTheIntegrationUserAndIsListedPerTenant() {
        fixture.org.addUser("ada@acme.example", Map.of("FederationIdentifier", "agent-7"));
        SalesforceConnector sf = fixture.start(fixture.config().and("owner.lookupField", "FederationIdentifier"));

        InteractionLog other = logOf("c2", "agent-x");
        other.interaction.tenantId = "t2";
        Map<String, Object> task = taskOf(sf.saveInteractionLog(logOf("c1", "nobody")));
        taskOf(sf.saveInteractionLog(other));
        sf.saveInteractionLog(logOf("c3", "agent-7"));

        assertFalse(task.containsKey("OwnerId"), "Salesforce defaults the owner to the integration user");
        assertEquals(Map.of("t1", List.of("nobody"), "t2", List.of("agent-x")), sf.status().get("agentsWithoutCrmUser"));
    }

    @Test
    void aLookupTheOrgRefusesFallsBackToTheIntegrationUserAndIsShown() {
        SalesforceConnector sf = fixture.start(fixture.config().and("owner.lookupField", "Agent_Id__c"));

        Map<String, Object> task = taskOf(sf.saveInteractionLog(logOf("c1", "agent-7")));

        assertFalse(task.containsKey("OwnerId"));
        assertTrue(String.valueOf(sf.status().get("userLookupProblem")).contains("INVALID_FIELD"), sf.status().toString());
    }

    @Test
    void anOutageDuringTheLookupRetriesTheLogInsteadOfMisassigningIt() {
        String user = fixture.org.addUser("ada@acme.example", Map.of());
        SalesforceConnector sf = fixture.start(fixture.config().and("owner.map", "agent-7=ada@acme.example"));
        fixture.org.inject(SalesforceEmulator.Fault.SERVER_UNAVAILABLE, 1);

        DeliveryResult first = sf.saveInteractionLog(logOf("c1", "agent-7"));

        assertEquals(DeliveryResult.Status.RETRY, first.status(), first.toString());
        assertTrue(fixture.org.tasks().isEmpty());
        assertEquals(user, taskOf(sf.saveInteractionLog(logOf("c1", "agent-7"))).get("OwnerId"));
    }

    @Test
    void aBatchAssignsEachTaskToItsAgent() {
        String ada = fixture.org.addUser("ada@acme.example", Map.of());
        String bob = fixture.org.addUser("bob@acme.example", Map.of());
        SalesforceConnector sf = fixture.start(fixture.config()
                .and("owner.map", List.of("a=ada@acme.example", "b=" + bob)));

        List<DeliveryResult> results = sf.saveInteractionLogs(List.of(logOf("c1", "a"), logOf("c2", "b"), logOf("c3", "c")));

        assertEquals(ada, taskOf(results.get(0)).get("OwnerId"));
        assertEquals(bob, taskOf(results.get(1)).get("OwnerId"));
        assertFalse(taskOf(results.get(2)).containsKey("OwnerId"));
        assertEquals(1, fixture.org.count("collections"));
    }

    @Test
    void aTableLineThatIsNeitherAUserIdNorAnEmailIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> fixture.start(fixture.config().and("owner.map", "agent-7=Ada Lovelace")));
        assertTrue(e.getMessage().contains("owner.map"), e.getMessage());
    }
}
