package org.crmconnector.eventbus;

import org.osgi.annotation.versioning.ConsumerType;

/** Receives the events of one {@link AgentSubscription}. */
@ConsumerType
@FunctionalInterface
public interface AgentEventListener {

    /**
     * One event of the subscription's topic. Calls for one subscription are
     * never concurrent and come in increasing id order; they may come on any
     * thread, the publisher's included, so return at once and never block
     * (queue the event for a slow client instead). An exception thrown here
     * is the listener's own affair: the bus logs it and goes on.
     */
    void onEvent(AgentEvent event);
}
