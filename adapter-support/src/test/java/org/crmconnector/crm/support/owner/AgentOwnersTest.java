package org.crmconnector.crm.support.owner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.crmconnector.testing.MutableClock;
import org.junit.jupiter.api.Test;

class AgentOwnersTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final Map<String, String> users = new HashMap<>();
    private final List<String> asked = new ArrayList<>();
    private final UserDirectory directory = (agent, email) -> {
        asked.add(agent + "/" + email);
        return users.get(email != null ? email : agent);
    };

    private static OwnerTable table(String... lines) {
        return OwnerTable.parse(lines, id -> id.startsWith("u"), "a user id");
    }

    @Test
    void nothingConfiguredLeavesEveryAgentToTheIntegrationUser() throws Exception {
        AgentOwners owners = new AgentOwners(OwnerTable.empty(), directory, false, clock, Duration.ofHours(1));

        assertFalse(owners.isActive());
        assertNull(owners.ownerOf("t1", "a1"));
        assertTrue(asked.isEmpty());
        assertEquals(Map.of(), owners.unmappedAgents(), "not configured: nobody is 'missing' a user");
    }

    @Test
    void tableIdsAreUsedAsTheyAreAndEmailsAreLookedUp() throws Exception {
        users.put("ada@acme.example", "u-ada");
        AgentOwners owners = new AgentOwners(table("a1=u-1", "a2=ada@acme.example"), directory, false, clock,
                Duration.ofHours(1));

        assertEquals("u-1", owners.ownerOf("t1", "a1"));
        assertEquals("u-ada", owners.ownerOf("t1", "a2"));
        assertNull(owners.ownerOf("t1", "a3"), "unlisted and no lookup of unlisted agents");
        assertEquals(List.of("a2/ada@acme.example"), asked);
        assertEquals(Map.of("t1", List.of("a3")), owners.unmappedAgents());
    }

    @Test
    void answersAreCachedForTheTtlNoUserIncluded() throws Exception {
        AgentOwners owners = new AgentOwners(OwnerTable.empty(), directory, true, clock, Duration.ofMinutes(10));

        assertNull(owners.ownerOf("t1", "a1"));
        users.put("a1", "u-1");
        assertNull(owners.ownerOf("t1", "a1"));
        clock.advance(Duration.ofMinutes(10));
        assertEquals("u-1", owners.ownerOf("t1", "a1"));

        assertEquals(List.of("a1/null", "a1/null"), asked);
        assertEquals(Map.of(), owners.unmappedAgents(), "found now: no longer listed");
    }

    @Test
    void anOutageIsThrownAndNotCachedARefusalFallsBackAndIsReported() throws Exception {
        boolean[] retryable = {true};
        UserDirectory failing = (agent, email) -> {
            throw new OwnerLookupException("CRM says no", retryable[0], null);
        };
        AgentOwners owners = new AgentOwners(OwnerTable.empty(), failing, true, clock, Duration.ofHours(1));

        assertThrows(OwnerLookupException.class, () -> owners.ownerOf("t1", "a1"));
        retryable[0] = false;
        assertNull(owners.ownerOf("t1", "a1"));
        assertEquals("CRM says no", owners.lastProblem());
        assertEquals(Map.of("t1", List.of("a1")), owners.unmappedAgents());
    }

    @Test
    void badTableLinesAreRefusedNamingTheLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> table("a1=Ada Lovelace"));
        assertTrue(e.getMessage().contains("'a1=Ada Lovelace'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> table("a1=u-1", "a1=u-2"));
        assertThrows(IllegalArgumentException.class, () -> table("=u-1"));
    }
}
