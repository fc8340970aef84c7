package org.crmconnector.crm.support.owner;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who owns an agent's activities in the CRM: the owner table first, then (when
 * configured) the CRM's user directory, each answer cached for a while. An
 * agent with no CRM user gets null, meaning "the integration user": a missing
 * mapping never stops a log. Such agents are listed per tenant for the console.
 */
public final class AgentOwners {

    private static final Logger LOG = LoggerFactory.getLogger(AgentOwners.class);
    /** Bounds the cache and the list of unmapped agents: agent ids come from softphones, not from us. */
    private static final int MAX_AGENTS = 10_000;

    private final OwnerTable table;
    private final UserDirectory directory;
    private final boolean lookUpUnlisted;
    private final Clock clock;
    private final Duration ttl;
    private final Map<String, Entry> cache = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > MAX_AGENTS;
        }
    };
    private final Map<String, Set<String>> unmapped = new TreeMap<>();
    private int unmappedCount;
    private volatile String lastProblem;

    private record Entry(String userId, Instant expires) {
    }

    /**
     * @param directory the CRM's users, or null when the adapter cannot look them up
     * @param lookUpUnlisted whether agents the table does not list are looked up by their agent id
     * @param ttl how long an answer of the directory (a user, or none) is reused
     */
    public AgentOwners(OwnerTable table, UserDirectory directory, boolean lookUpUnlisted, Clock clock, Duration ttl) {
        this.table = table;
        this.directory = directory;
        this.lookUpUnlisted = lookUpUnlisted && directory != null;
        this.clock = clock;
        this.ttl = ttl;
    }

    /** Whether anything is configured: without a table and a lookup every activity stays the integration user's. */
    public boolean isActive() {
        return table.size() > 0 || lookUpUnlisted;
    }

    /**
     * The CRM user id owning the agent's activities, or null for the integration user.
     *
     * @throws OwnerLookupException only when the directory could not be asked and may be later: the
     *         caller retries the delivery rather than write it under the wrong owner for good
     */
    public String ownerOf(String tenantId, String agentId) throws OwnerLookupException {
        if (agentId == null || agentId.isBlank() || !isActive()) {
            return null;
        }
        String configured = table.valueFor(agentId);
        if (configured != null && !OwnerTable.isEmail(configured)) {
            return configured;
        }
        if (configured == null && !lookUpUnlisted || directory == null) {
            return unmapped(tenantId, agentId, null);
        }
        Entry cached = cached(agentId);
        if (cached != null) {
            return cached.userId == null ? unmapped(tenantId, agentId, null) : mapped(tenantId, agentId, cached.userId);
        }
        String userId;
        try {
            userId = directory.find(agentId, configured);
            lastProblem = null;
        } catch (OwnerLookupException e) {
            lastProblem = e.getMessage();
            if (e.isRetryable()) {
                throw e;
            }
            // a lookup the CRM refuses (a wrong field name, say) would be refused again: log as the integration user
            LOG.warn("CRM user of agent '{}' not found ({}); the integration user owns the agent's activities",
                    agentId, e.getMessage());
            userId = null;
        }
        remember(agentId, userId);
        return userId == null ? unmapped(tenantId, agentId, null) : mapped(tenantId, agentId, userId);
    }

    /**
     * The owner as far as it is known without asking the CRM: the table's
     * user id, or a user looked up for an earlier activity and still
     * cached; null otherwise. For paths that must not wait for a user query,
     * such as a record made while the caller's pop is being looked up.
     */
    public String knownOwnerOf(String agentId) {
        if (agentId == null || agentId.isBlank() || !isActive()) {
            return null;
        }
        String configured = table.valueFor(agentId);
        if (configured != null && !OwnerTable.isEmail(configured)) {
            return configured;
        }
        Entry cached = cached(agentId);
        return cached == null ? null : cached.userId;
    }

    /** Agents without a CRM user, by tenant; tenants without any are left out. */
    public synchronized Map<String, List<String>> unmappedAgents() {
        Map<String, List<String>> copy = new TreeMap<>();
        unmapped.forEach((tenant, agents) -> copy.put(tenant, List.copyOf(agents)));
        return copy;
    }

    /** The directory's last refusal or outage, or null once it answers again. */
    public String lastProblem() {
        return lastProblem;
    }

    /**
     * Adds to an adapter's status, when owners are configured, the agents
     * without a CRM user ({@code agentsWithoutCrmUser}) and the directory's
     * last problem ({@code userLookupProblem}): the console shows them per
     * tenant, as their records stay with the integration user.
     */
    public void addStatus(Map<String, Object> status) {
        if (!isActive()) {
            return;
        }
        status.put("agentsWithoutCrmUser", unmappedAgents());
        String problem = lastProblem;
        if (problem != null) {
            status.put("userLookupProblem", problem);
        }
    }

    private synchronized Entry cached(String agentId) {
        Entry entry = cache.get(agentId);
        if (entry != null && !clock.instant().isBefore(entry.expires)) {
            cache.remove(agentId);
            return null;
        }
        return entry;
    }

    private synchronized void remember(String agentId, String userId) {
        if (!ttl.isZero()) {
            cache.put(agentId, new Entry(userId, clock.instant().plus(ttl)));
        }
    }

    private synchronized String unmapped(String tenantId, String agentId, String userId) {
        if (unmappedCount < MAX_AGENTS && unmapped.computeIfAbsent(tenantKey(tenantId), t -> new TreeSet<>()).add(agentId)) {
            unmappedCount++;
        }
        return userId;
    }

    private synchronized String mapped(String tenantId, String agentId, String userId) {
        Set<String> agents = unmapped.get(tenantKey(tenantId));
        if (agents != null && agents.remove(agentId)) {
            unmappedCount--;
            if (agents.isEmpty()) {
                unmapped.remove(tenantKey(tenantId));
            }
        }
        return userId;
    }

    private static String tenantKey(String tenantId) {
        return tenantId == null ? "" : tenantId;
    }
}
