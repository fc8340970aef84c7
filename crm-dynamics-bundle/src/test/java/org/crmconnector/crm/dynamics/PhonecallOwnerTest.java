package org.crmconnector.crm.dynamics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.crmconnector.crm.DeliveryResult;
import org.crmconnector.crm.InteractionLog;
import org.crmconnector.interaction.Interaction;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Issue 14 part 1 for Dataverse: the phone call is assigned to the agent's systemuser. */
class PhonecallOwnerTest {

    @AutoClose
    private final DynamicsFixture fixture = new DynamicsFixture();

    private static InteractionLog log(String id, String agent) {
        Interaction call = DynamicsFixture.interaction(id);
        call.agentId = agent;
        return new InteractionLog(call, null);
    }

    private ObjectNode saved(DeliveryResult result) {
        assertTrue(result.isOk(), result.toString());
        return fixture.environment.phonecall(result.record().id);
    }

    @Test
    void aListedGuidOwnsTheCallAndAnEmailIsLookedUpOnce() {
        String ada = fixture.environment.addUser("ada@contoso.example", Map.of());
        String bob = fixture.environment.addUser("bob@contoso.example", Map.of());
        DynamicsConnector dynamics = fixture.start(fixture.config()
                .and("owner.map", List.of("a1=" + ada, "b1=bob@contoso.example")));
        int queries = fixture.environment.count("query");

        assertEquals(ada, saved(dynamics.saveInteractionLog(log("c1", "a1"))).path("_ownerid_value").asText());
        assertEquals(bob, saved(dynamics.saveInteractionLog(log("c2", "b1"))).path("_ownerid_value").asText());
        assertEquals(bob, saved(dynamics.saveInteractionLog(log("c3", "b1"))).path("_ownerid_value").asText());

        assertEquals(queries + 1, fixture.environment.count("query"), "one lookup, then the cache");
    }

    @Test
    void unlistedAgentsAreLookedUpByTheConfiguredColumnCachedForTheTtl() {
        DynamicsConnector dynamics = fixture.start(fixture.config().and("owner.lookupColumn", "domainname")
                .and("owner.cacheTtl.seconds", 60));
        assertFalse(saved(dynamics.saveInteractionLog(log("c1", "CONTOSO\\ada"))).has("_ownerid_value"));
        assertEquals(Map.of("t1", List.of("CONTOSO\\ada")), dynamics.status().get("agentsWithoutCrmUser"));
        String ada = fixture.environment.addUser("ada@contoso.example", Map.of("domainname", "CONTOSO\\ada"));

        fixture.clock.advance(Duration.ofSeconds(61));

        assertEquals(ada, saved(dynamics.saveInteractionLog(log("c2", "CONTOSO\\ada"))).path("_ownerid_value").asText());
        assertEquals(Map.of(), dynamics.status().get("agentsWithoutCrmUser"));
    }

    @Test
    void disabledUsersOwnNothing() {
        fixture.environment.addUser("ada@contoso.example", Map.of("isdisabled", true));
        DynamicsConnector dynamics = fixture.start(fixture.config().and("owner.map", List.of("a1=ada@contoso.example")));

        assertFalse(saved(dynamics.saveInteractionLog(log("c1", "a1"))).has("_ownerid_value"));
    }

    @Test
    void aBatchAssignsEachCallToItsAgent() {
        String ada = fixture.environment.addUser("ada@contoso.example", Map.of());
        DynamicsConnector dynamics = fixture.start(fixture.config().and("owner.map", List.of("a1=" + ada)));

        List<DeliveryResult> results = dynamics.saveInteractionLogs(List.of(log("c1", "a1"), log("c2", "nobody")));

        assertEquals(ada, saved(results.get(0)).path("_ownerid_value").asText());
        assertFalse(saved(results.get(1)).has("_ownerid_value"));
    }

    @Test
    void aTableValueThatIsNoGuidNorEmailIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> fixture.start(fixture.config().and("owner.map", List.of("a1=Ada"))));
        assertTrue(e.getMessage().contains("owner.map"), e.getMessage());
    }
}
