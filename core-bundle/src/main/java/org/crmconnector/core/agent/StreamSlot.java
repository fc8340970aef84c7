package org.crmconnector.core.agent;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A place held for one open stream of a topic, within its agent's and its
 * tenant's caps. Given back exactly once: when the stream closes, or when the
 * request fails before the stream opens.
 */
public final class StreamSlot {

    private final AgentStreams.Topic topic;
    private final TenantAgents tenant;
    private final AtomicBoolean released = new AtomicBoolean();

    StreamSlot(AgentStreams.Topic topic, TenantAgents tenant) {
        this.topic = topic;
        this.tenant = tenant;
    }

    public AgentStreams.Topic topic() {
        return topic;
    }

    public void release() {
        if (released.compareAndSet(false, true)) {
            tenant.removeStream(topic.agentId());
        }
    }
}
