package org.crmconnector.core.web;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.AsyncContext;

import org.crmconnector.core.agent.AgentStreams;
import org.crmconnector.core.agent.StreamSlot;

/**
 * Turns a request into a server-sent event stream on one of the agent streams,
 * resuming after the client's {@code Last-Event-ID}.
 */
public final class EventStreamResponse {

    private EventStreamResponse() {
    }

    /**
     * @param greeting events sent first on every connect, before any replay
     * @return {@link ApiResource#STREAMING}
     */
    public static Object open(ApiRequest req, AgentStreams streams, AgentStreams.Topic topic,
            Map<String, byte[]> greeting) throws IOException {
        long lastId = lastEventId(req);
        // before the request turns asynchronous: a refusal over a cap is still an ordinary JSON answer
        StreamSlot slot = streams.reserve(topic);
        try {
            req.response.setStatus(200);
            req.response.setContentType("text/event-stream");
            req.response.setCharacterEncoding("UTF-8");
            req.response.setHeader("Cache-Control", "no-cache");
            req.response.setHeader("X-Accel-Buffering", "no");
            AsyncContext async = req.http.startAsync();
            streams.open(slot, async, lastId, greeting);
        } catch (IOException | RuntimeException e) {
            slot.release();
            throw e;
        }
        return ApiResource.STREAMING;
    }

    /** The header, or {@code ?lastEventId=} for clients that cannot set it; -1 for a fresh start. */
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
