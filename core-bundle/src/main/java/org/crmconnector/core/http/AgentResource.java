package org.crmconnector.core.http;

import java.io.IOException;
import java.util.Map;

import org.crmconnector.core.agent.AgentStreams;
import org.crmconnector.core.agent.StreamKind;
import org.crmconnector.core.web.ApiException;
import org.crmconnector.core.web.ApiRequest;
import org.crmconnector.core.web.EventStreamResponse;

/**
 * The agent desktop's event channel (seed 004's trigger connection), which
 * resumes with {@code Last-Event-ID}, and the presence the desktop sets on the
 * agent's softphone.
 */
final class AgentResource {

    private final AgentStreams streams;

    AgentResource(AgentStreams streams) {
        this.streams = streams;
    }

    /** {@code GET agents/{agentId}/events}, and {@code POST agents/{agentId}/presence} (update_presence). */
    Object handle(ApiRequest req, InteractionResource interactions) throws IOException {
        if (req.depth() != 3) {
            throw ApiException.notFound("use GET agents/{agentId}/events or POST agents/{agentId}/presence");
        }
        String agent = ApiRequest.checkId("agentId", req.segment(1));
        switch (req.segment(2)) {
            case "events" -> {
                req.requireMethod("GET");
                return EventStreamResponse.open(req, streams,
                        new AgentStreams.Topic(req.tenant().id(), agent, StreamKind.AGENT_EVENTS), Map.of());
            }
            case "presence" -> {
                req.requireMethod("POST");
                return interactions.updatePresence(req, agent);
            }
            default -> throw ApiException.notFound(
                    "no resource '" + ApiException.clip(req.segment(2)) + "' for agents");
        }
    }
}
