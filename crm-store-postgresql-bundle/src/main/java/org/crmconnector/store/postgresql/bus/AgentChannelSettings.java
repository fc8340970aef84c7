package org.crmconnector.store.postgresql.bus;

/**
 * What this bus reads of the agent channel's configuration
 * ({@code org.crmconnector.agentchannel}, described in the console by the
 * core, which owns it): the same settings bound the in-process bus, so
 * switching a node to PostgreSQL needs no second place to set them.
 */
@interface AgentChannelSettings {

    /** Events are deleted once older than this; a topic nobody listens to is forgotten after it too. */
    int replay_retention_seconds() default 300;

    /** Agents of one tenant that may have a topic (agents with streams or kept events) across the cluster. */
    int max_agents_per_tenant() default 20_000;
}
