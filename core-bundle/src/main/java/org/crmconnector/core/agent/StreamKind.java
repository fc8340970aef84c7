package org.crmconnector.core.agent;

/** The two streams an agent's browser holds open. */
public enum StreamKind {
    /** Seed 002 {@code load(callback)}: disposition, partner_config, start_call, update_presence. */
    SOFTPHONE_CALLBACKS,
    /** Seed 004's trigger connection: screen pops and interaction events for the agent desktop. */
    AGENT_EVENTS
}
