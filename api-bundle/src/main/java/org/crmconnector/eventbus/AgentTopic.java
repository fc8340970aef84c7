package org.crmconnector.eventbus;

import java.util.Objects;

/**
 * The address of one sequence of events: one stream of one agent of one
 * tenant. Event ids are counted per topic, so two agents, two tenants or two
 * streams of one agent never share ids or events.
 *
 * @param tenantId the tenant's id
 * @param agentId the agent's id within the tenant
 * @param stream which of the agent's streams, e.g. {@code agentEvents} or
 *            {@code softphoneCallbacks}
 */
public record AgentTopic(String tenantId, String agentId, String stream) {

    public AgentTopic {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(stream, "stream");
    }
}
