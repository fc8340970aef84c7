package org.crmconnector.core.agent;

import java.util.concurrent.atomic.AtomicBoolean;

import org.crmconnector.eventbus.AgentEventBus;
import org.crmconnector.eventbus.AgentSubscription;

/**
 * A place held for one open stream of a topic, within its agent's and its
 * tenant's caps, with its subscription on the bus. Given back exactly once:
 * when the stream closes, or when the request fails before the stream opens.
 */
public final class StreamSlot {

    private final AgentStreams.Topic topic;
    private final TenantAgents tenant;
    private final AgentEventBus bus;
    private final AgentSubscription subscription;
    private final AtomicBoolean released = new AtomicBoolean();

    StreamSlot(AgentStreams.Topic topic, TenantAgents tenant, AgentEventBus bus, AgentSubscription subscription) {
        this.topic = topic;
        this.tenant = tenant;
        this.bus = bus;
        this.subscription = subscription;
    }

    public AgentStreams.Topic topic() {
        return topic;
    }

    AgentEventBus bus() {
        return bus;
    }

    AgentSubscription subscription() {
        return subscription;
    }

    public void release() {
        if (released.compareAndSet(false, true)) {
            subscription.close();
            tenant.removeStream(topic.agentId());
        }
    }
}
