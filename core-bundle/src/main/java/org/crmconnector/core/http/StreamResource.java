package org.crmconnector.core.http;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.AsyncContext;

import org.crmconnector.core.agent.AgentStreams;
import org.crmconnector.core.agent.StreamKind;
import org.crmconnector.core.json.Json;

/**
 * The server-sent event streams: the softphone's callbacks (seed 002
 * {@code load(callback)}) and the agent desktop's event channel (seed 004's
 * trigger connection). Both resume with {@code Last-Event-ID}.
 */
final class StreamResource {

    /** Returned by a resource that has taken over the response as a stream. */
    static final Object STREAMING = new Object();

    private final AgentStreams streams;
    private final Json json;

    StreamResource(AgentStreams streams, Json json) {
        this.streams = streams;
        this.json = json;
    }

    Object softphoneCallbacks(ApiRequest req) throws IOException {
        String agent = req.agentFromQuery(true);
        Map<String, byte[]> greeting = new LinkedHashMap<>();
        greeting.put("disposition", json.write(req.tenant().dispositions()));
        greeting.put("partner_config", json.write(req.tenant().partnerConfig()));
        return open(req, new AgentStreams.Topic(req.tenant().id(), agent, StreamKind.SOFTPHONE_CALLBACKS), greeting);
    }

    /** {@code GET agents/{agentId}/events}, and {@code POST agents/{agentId}/presence} (update_presence). */
    Object handleAgents(ApiRequest req, InteractionResource interactions) throws IOException {
        if (req.depth() != 3) {
            throw ApiException.notFound("use GET agents/{agentId}/events or POST agents/{agentId}/presence");
        }
        String agent = ApiRequest.checkId("agentId", req.segment(1));
        switch (req.segment(2)) {
            case "events" -> {
                SoftphoneResource.requireMethod(req, "GET");
                return open(req, new AgentStreams.Topic(req.tenant().id(), agent, StreamKind.AGENT_EVENTS), Map.of());
            }
            case "presence" -> {
                SoftphoneResource.requireMethod(req, "POST");
                return interactions.updatePresence(req, agent);
            }
            default -> throw ApiException.notFound("no resource '" + ApiServlet.clip(req.segment(2)) + "' for agents");
        }
    }

    private Object open(ApiRequest req, AgentStreams.Topic topic, Map<String, byte[]> greeting) throws IOException {
        long lastId = lastEventId(req);
        req.response.setStatus(200);
        req.response.setContentType("text/event-stream");
        req.response.setCharacterEncoding("UTF-8");
        req.response.setHeader("Cache-Control", "no-cache");
        req.response.setHeader("X-Accel-Buffering", "no");
        AsyncContext async = req.http.startAsync();
        streams.open(topic, async, lastId, greeting);
        return STREAMING;
    }

    private static long lastEventId(ApiRequest req) {
        String header = req.http.getHeader("Last-Event-ID");
        if (header == null) {
            header = req.query("lastEventId");
        }
        if (header == null || header.isBlank()) {
            return -1;
        }
        try {
            long id = Long.parseLong(header.trim());
            if (id < 0) {
                throw new NumberFormatException();
            }
            return id;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("INVALID_FIELD", "Last-Event-ID must be a non-negative event id");
        }
    }
}
