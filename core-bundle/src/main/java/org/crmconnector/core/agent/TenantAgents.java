package org.crmconnector.core.agent;

import java.util.HashMap;
import java.util.Map;

/**
 * What one tenant holds in the agent channel: the agents that have a topic
 * (a replay buffer) in the in-process bus, counted by {@link LocalAgentEventBus},
 * and the streams each has open here, counted by {@link AgentStreams}. The caps
 * are checked and the counts changed in one step under this object's lock, so
 * concurrent requests can never pass a cap together.
 */
final class TenantAgents {

    /** Which cap a stream would pass. */
    enum StreamCap {
        PER_AGENT, PER_TENANT
    }

    private final Map<String, Integer> topicsByAgent = new HashMap<>();
    private final Map<String, Integer> streamsByAgent = new HashMap<>();
    private int streams;

    /**
     * Counts a new topic of {@code agent}: false, and nothing counted, when the
     * agent has no topic yet and the tenant already has {@code maxAgents} that do.
     */
    synchronized boolean addTopic(String agent, int maxAgents) {
        Integer held = topicsByAgent.get(agent);
        if (held == null && topicsByAgent.size() >= maxAgents) {
            return false;
        }
        topicsByAgent.put(agent, held == null ? 1 : held + 1);
        return true;
    }

    synchronized void removeTopic(String agent) {
        topicsByAgent.computeIfPresent(agent, (a, held) -> held <= 1 ? null : held - 1);
    }

    /** Counts one more open stream of {@code agent}; null when it fits, else the cap it would pass (nothing counted). */
    synchronized StreamCap addStream(String agent, int maxPerAgent, int maxPerTenant) {
        int ofAgent = streamsByAgent.getOrDefault(agent, 0);
        if (ofAgent >= maxPerAgent) {
            return StreamCap.PER_AGENT;
        }
        if (streams >= maxPerTenant) {
            return StreamCap.PER_TENANT;
        }
        streamsByAgent.put(agent, ofAgent + 1);
        streams++;
        return null;
    }

    synchronized void removeStream(String agent) {
        Integer open = streamsByAgent.get(agent);
        if (open == null) {
            return;
        }
        if (open <= 1) {
            streamsByAgent.remove(agent);
        } else {
            streamsByAgent.put(agent, open - 1);
        }
        streams--;
    }

    synchronized int agents() {
        return topicsByAgent.size();
    }
}
