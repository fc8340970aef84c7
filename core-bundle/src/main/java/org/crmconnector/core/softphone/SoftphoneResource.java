package org.crmconnector.core.softphone;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.crmconnector.core.agent.AgentStreams;
import org.crmconnector.core.agent.StreamKind;
import org.crmconnector.core.json.Json;
import org.crmconnector.core.web.ApiException;
import org.crmconnector.core.web.ApiRequest;
import org.crmconnector.core.web.ApiResource;
import org.crmconnector.core.web.EventStreamResponse;
import org.crmconnector.interaction.Interaction;
import org.crmconnector.softphone.SoftphoneEvent;
import org.crmconnector.softphone.SoftphoneEventType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code POST softphone/{event}} for the seven methods of seed 002, and
 * {@code GET softphone/callbacks}, the stream that stands for {@code load(callback)}.
 */
@Component(service = ApiResource.class, property = ApiResource.ROUTE + "=softphone")
public class SoftphoneResource implements ApiResource {

    private final SoftphoneEvents events;
    private final AgentStreams streams;
    private final Json json = new Json();

    @Activate
    public SoftphoneResource(@Reference SoftphoneEvents events, @Reference AgentStreams streams) {
        this.events = events;
        this.streams = streams;
    }

    @Override
    public Object handle(ApiRequest req) throws IOException {
        String name = req.segment(1);
        if (name == null || req.depth() != 2) {
            throw ApiException.notFound("use POST softphone/{event} or GET softphone/callbacks");
        }
        if (name.equals("callbacks")) {
            req.requireMethod("GET");
            return callbacks(req);
        }
        SoftphoneEventType type = SoftphoneEventType.fromWireName(name).orElseThrow(() -> ApiException.badRequest(
                "UNKNOWN_EVENT", "unknown softphone event '" + ApiException.clip(name) + "'; known: incomingCall, "
                        + "callAccepted, callRejected, callEnded, callNotesSubmitted, outboundCallInitiated, statusChanged"));
        req.requireMethod("POST");
        SoftphoneEvent event = req.body(type.payloadType());
        if (event.agentId == null) {
            event.agentId = req.agentFromQuery(false);
        }
        Interaction after = events.handle(req.tenant(), event, req.startNanos());
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

    /** What {@code load(callback)} hands the softphone first: the tenant's dispositions and partner configuration. */
    private Object callbacks(ApiRequest req) throws IOException {
        String agent = req.agentFromQuery(true);
        Map<String, byte[]> greeting = new LinkedHashMap<>();
        greeting.put("disposition", json.write(req.tenant().dispositions()));
        greeting.put("partner_config", json.write(req.tenant().partnerConfig()));
        return EventStreamResponse.open(req, streams,
                new AgentStreams.Topic(req.tenant().id(), agent, StreamKind.SOFTPHONE_CALLBACKS), greeting);
    }
}
