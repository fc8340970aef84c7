package org.crmconnector.core.http;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.crmconnector.core.agent.AgentStreams;
import org.crmconnector.core.agent.StreamKind;
import org.crmconnector.core.streamtoken.IssuedToken;
import org.crmconnector.core.streamtoken.StreamTokens;
import org.crmconnector.core.web.ApiException;
import org.crmconnector.core.web.ApiRequest;
import org.crmconnector.core.web.EventStreamResponse;

/**
 * The agent desktop's event channel (seed 004's trigger connection), which
 * resumes with {@code Last-Event-ID}, the presence the desktop sets on the
 * agent's softphone, and the tokens its browser opens the streams with.
 */
final class AgentResource {

    private final AgentStreams streams;
    private final StreamTokens streamTokens;

    AgentResource(AgentStreams streams, StreamTokens streamTokens) {
        this.streams = streams;
        this.streamTokens = streamTokens;
    }

    /**
     * {@code GET agents/{agentId}/events}, {@code POST agents/{agentId}/presence} (update_presence) and
     * {@code POST agents/{agentId}/stream-tokens}.
     */
    Object handle(ApiRequest req, InteractionResource interactions) throws IOException {
        if (req.depth() != 3) {
            throw ApiException.notFound("use GET agents/{agentId}/events, POST agents/{agentId}/presence "
                    + "or POST agents/{agentId}/stream-tokens");
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
            case "stream-tokens" -> {
                // only the tenant's key gets here: a stream token is taken on the streams alone
                req.requireMethod("POST");
                IssuedToken issued = streamTokens.issue(req.tenant().id(), agent);
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("token", issued.token());
                answer.put("expiresAt", issued.expiresAt().toString());
                return answer;
            }
            default -> throw ApiException.notFound(
                    "no resource '" + ApiException.clip(req.segment(2)) + "' for agents");
        }
    }
}
