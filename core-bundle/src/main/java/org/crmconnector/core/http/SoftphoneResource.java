package org.crmconnector.core.http;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.crmconnector.core.softphone.SoftphoneEvents;
import org.crmconnector.interaction.Interaction;
import org.crmconnector.softphone.SoftphoneEvent;
import org.crmconnector.softphone.SoftphoneEventType;

/**
 * {@code POST softphone/{event}} for the seven methods of seed 002, and
 * {@code GET softphone/callbacks}, the stream that stands for {@code load(callback)}.
 */
final class SoftphoneResource {

    private final SoftphoneEvents events;

    SoftphoneResource(SoftphoneEvents events) {
        this.events = events;
    }

    Object handle(ApiRequest req, StreamResource streams) throws IOException {
        String name = req.segment(1);
        if (name == null || req.depth() != 2) {
            throw ApiException.notFound("use POST softphone/{event} or GET softphone/callbacks");
        }
        if (name.equals("callbacks")) {
            requireMethod(req, "GET");
            return streams.softphoneCallbacks(req);
        }
        SoftphoneEventType type = SoftphoneEventType.fromWireName(name).orElseThrow(() -> ApiException.badRequest(
                "UNKNOWN_EVENT", "unknown softphone event '" + ApiServlet.clip(name) + "'; known: incomingCall, "
                        + "callAccepted, callRejected, callEnded, callNotesSubmitted, outboundCallInitiated, statusChanged"));
        requireMethod(req, "POST");
        SoftphoneEvent event = req.body(type.payloadType());
        if (event.agentId == null) {
            event.agentId = req.agentFromQuery(false);
        }
        Interaction after = events.handle(req.tenant(), event, req.startNanos);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("event", type.wireName());
        if (after != null) {
            answer.put("interactionId", after.interactionId);
            answer.put("state", after.state);
        } else {
            answer.put("status", "ok");
        }
        return answer;
    }

    static void requireMethod(ApiRequest req, String method) {
        if (!req.method().equals(method)) {
            req.response.setHeader("Allow", method);
            throw new ApiException(405, "METHOD_NOT_ALLOWED", req.method() + " is not allowed here; use " + method);
        }
    }
}
