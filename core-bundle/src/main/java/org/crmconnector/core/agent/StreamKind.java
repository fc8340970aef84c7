package org.crmconnector.core.agent;

/** The two streams an agent's browser holds open. */
public enum StreamKind {
    /** Seed 002 {@code load(callback)}: disposition, partner_config, start_call, update_presence. */
    SOFTPHONE_CALLBACKS("softphoneCallbacks"),
    /** Seed 004's trigger connection: screen pops and interaction events for the agent desktop. */
    AGENT_EVENTS("agentEvents");

    private final String busName;

    StreamKind(String busName) {
        this.busName = busName;
    }

    /** Its name in an {@link org.crmconnector.eventbus.AgentTopic}: part of what a shared bus stores, so never change it. */
    public String busName() {
        return busName;
    }
}
