package org.crmconnector.core.channels;

import java.util.Map;

import org.crmconnector.core.web.ApiException;
import org.crmconnector.core.web.ApiRequest;
import org.crmconnector.core.web.ApiResource;
import org.crmconnector.interaction.Interaction;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code POST interaction-events/{event}}: the seed 003 lifecycle for calls, chats, emails and social. */
@Component(service = ApiResource.class, property = ApiResource.ROUTE + "=interaction-events")
public class InteractionEventResource implements ApiResource {

    private final ChannelEvents channels;

    @Activate
    public InteractionEventResource(@Reference ChannelEvents channels) {
        this.channels = channels;
    }

    @Override
    public Object handle(ApiRequest req) {
        if (req.depth() != 2) {
            throw ApiException.notFound("use POST interaction-events/{event}, e.g. interaction-events/chatOffered");
        }
        req.requireMethod("POST");
        ChannelEvents.Name name = ChannelEvents.parse(req.segment(1));
        Interaction after = channels.handle(req.tenant(), name, req.body(ChannelEvent.class), req.startNanos());
        return Map.of("event", req.segment(1), "interactionId", after.interactionId, "state", after.state);
    }
}
