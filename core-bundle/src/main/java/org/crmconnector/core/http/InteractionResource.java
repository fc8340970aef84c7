package org.crmconnector.core.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.crmconnector.core.agent.AgentStreams;
import org.crmconnector.core.agent.StreamKind;
import org.crmconnector.core.json.Json;
import org.crmconnector.core.lifecycle.InteractionRegistry;
import org.crmconnector.core.routing.AdapterRouter;
import org.crmconnector.core.softphone.SoftphoneEvents;
import org.crmconnector.core.tenant.Tenant;
import org.crmconnector.core.web.ApiException;
import org.crmconnector.core.web.ApiRequest;
import org.crmconnector.crm.CrmConnector;
import org.crmconnector.crm.CrmException;
import org.crmconnector.crm.Disposition;
import org.crmconnector.interaction.Cav;
import org.crmconnector.interaction.CrmObject;
import org.crmconnector.interaction.Interaction;
import org.crmconnector.interaction.InteractionState;
import org.crmconnector.softphone.StartCall;
import org.crmconnector.softphone.UpdatePresence;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;

import static org.crmconnector.core.lifecycle.InteractionRegistry.states;

/**
 * The interaction API of seed 003, server side: live interactions, CAVs,
 * dispositions, visited and selected Name / Related To objects, search
 * results, click-to-dial. A finished interaction's data is gone: every call
 * on it answers 410 {@code INTERACTION_FINISHED}.
 */
final class InteractionResource {

    private final InteractionRegistry registry;
    private final SoftphoneEvents events;
    private final AdapterRouter router;
    private final AgentStreams streams;
    private final Json json;

    InteractionResource(InteractionRegistry registry, SoftphoneEvents events, AdapterRouter router,
            AgentStreams streams, Json json) {
        this.registry = registry;
        this.events = events;
        this.router = router;
        this.streams = streams;
        this.json = json;
    }

    // request bodies, in seed 003's shapes
    static final class CavList {
        public List<Cav> cavList;
    }

    static final class DispositionChoice {
        public String dispositionId;
        public String notes;
    }

    static final class VisitedObject {
        public CrmObject crmObject;
    }

    static final class ObjectChoice {
        /** Null selects 'None'. */
        public String objectId;
        /** Whether the body named objectId at all: a body without it is a mistake, not a choice of 'None'. */
        boolean named;

        // Jackson calls this for an explicit null too, and never for a missing field
        @JsonSetter("objectId")
        void choose(String id) {
            objectId = id;
            named = true;
        }
    }

    static final class Click2Dial {
        public String agentId;
        @JsonProperty("click2DialData")
        public Click2DialData click2DialData;
    }

    static final class Click2DialData {
        public String clickToDialNumber;
        public CrmObject crmObject;
        public String campaignName;
    }

    static final class Presence {
        public String softphoneId;
    }

    Object handle(ApiRequest req) {
        if (req.segment(0).equals("click2dial") || "click2dial".equals(req.segment(1)) && req.depth() == 2) {
            req.requireMethod("POST");
            return click2dial(req);
        }
        Tenant tenant = req.tenant();
        if (req.depth() == 1) {
            req.requireMethod("GET");
            String agent = req.agentFromQuery(false);
            List<Interaction> all = registry.list(tenant.id());
            return agent == null ? all : all.stream().filter(i -> agent.equals(i.agentId)).toList();
        }
        String id = ApiRequest.checkId("interactionId", req.segment(1));
        if (req.depth() == 2) {
            req.requireMethod("GET");
            return registry.get(tenant.id(), id);
        }
        if (req.depth() != 3) {
            throw ApiException.notFound("no such interaction resource");
        }
        String what = req.segment(2);
        return switch (what) {
            case "cavs" -> req.method().equals("GET") ? registry.get(tenant.id(), id).cavs : setCavs(req, id);
            case "dispositions" -> {
                req.requireMethod("GET");
                registry.get(tenant.id(), id);
                yield dispositions(tenant);
            }
            case "disposition" -> {
                req.requireMethod("POST");
                yield setDisposition(req, id);
            }
            case "visited" -> {
                req.requireMethod("POST");
                yield visited(req, id);
            }
            case "name-objects" -> {
                req.requireMethod("GET");
                yield registry.get(tenant.id(), id).nameOptions;
            }
            case "related-to-objects" -> {
                req.requireMethod("GET");
                yield registry.get(tenant.id(), id).relatedToOptions;
            }
            case "name-object" -> req.method().equals("GET") ? selected(registry.get(tenant.id(), id).selectedName)
                    : select(req, id, true);
            case "related-to-object" -> req.method().equals("GET")
                    ? selected(registry.get(tenant.id(), id).selectedRelatedTo) : select(req, id, false);
            case "search-results" -> {
                req.requireMethod("GET");
                yield registry.get(tenant.id(), id).searchResults;
            }
            default -> throw ApiException.notFound("no interaction resource '" + ApiException.clip(what) + "'");
        };
    }

    private Object setCavs(ApiRequest req, String id) {
        req.requireMethod("PUT");
        CavList body = req.body(CavList.class);
        if (body.cavList == null || body.cavList.isEmpty()) {
            throw ApiException.badRequest("MISSING_FIELD", "cavList must be a non-empty array of {id, value}");
        }
        for (Cav c : body.cavList) {
            if (c == null || (c.id == null && c.name == null)) {
                throw ApiException.badRequest("INVALID_FIELD", "each cavList entry needs an id or a name");
            }
        }
        return registry.update(req.tenant().id(), id, i -> {
            for (Cav in : body.cavList) {
                Cav existing = i.cavs.stream().filter(c -> in.id != null ? in.id.equals(c.id) : in.name.equals(c.name))
                        .findFirst().orElse(null);
                if (existing != null) {
                    existing.value = in.value;
                } else {
                    i.cavs.add(new Cav(in.id, in.name, in.group, in.value));
                }
            }
        }).cavs;
    }

    private List<Disposition> dispositions(Tenant tenant) {
        CrmConnector connector = router.connectorFor(tenant.adapterInstance()).orElse(null);
        if (connector != null) {
            try {
                List<Disposition> fromCrm = connector.dispositions();
                if (fromCrm != null && !fromCrm.isEmpty()) {
                    return fromCrm;
                }
            } catch (CrmException | RuntimeException e) {
                // the tenant's own codes still let the agent wrap up
            }
        }
        List<Disposition> codes = new ArrayList<>();
        for (String code : tenant.dispositions()) {
            codes.add(new Disposition(code, code));
        }
        return codes;
    }

    private Object setDisposition(ApiRequest req, String id) {
        DispositionChoice choice = req.body(DispositionChoice.class);
        if (choice.dispositionId == null || choice.dispositionId.isBlank()) {
            throw ApiException.badRequest("MISSING_FIELD", "dispositionId is required");
        }
        Tenant tenant = req.tenant();
        registry.get(tenant.id(), id);
        String code = dispositions(tenant).stream()
                .filter(d -> choice.dispositionId.equals(d.id) || choice.dispositionId.equals(d.name))
                .map(d -> d.name == null ? d.id : d.name).findFirst()
                .orElseThrow(() -> ApiException.badRequest("UNKNOWN_DISPOSITION",
                        "disposition '" + ApiException.clip(choice.dispositionId) + "' is not offered to this tenant"));
        Interaction finished = events.finish(tenant, id, states(InteractionState.ACCEPTED, InteractionState.ENDED),
                i -> {
                    i.dispositionCode = code;
                    if (choice.notes != null) {
                        i.comments = choice.notes;
                    }
                });
        return Map.of("interactionId", id, "state", finished.state, "dispositionCode", code);
    }

    private Object visited(ApiRequest req, String id) {
        VisitedObject body = req.body(VisitedObject.class);
        CrmObject o = body.crmObject;
        if (o == null || o.id == null || o.id.isBlank()) {
            throw ApiException.badRequest("MISSING_FIELD", "crmObject with an id is required");
        }
        if (!o.isWho && !o.isWhat) {
            throw ApiException.badRequest("INVALID_FIELD", "crmObject must be isWho (Name) or isWhat (Related To)");
        }
        Interaction after = registry.update(req.tenant().id(), id, i -> {
            i.visitedObjects.remove(o);
            i.visitedObjects.add(o);
            if (o.isWho && !i.nameOptions.contains(o)) {
                i.nameOptions.add(o);
            }
            if (o.isWhat && !i.relatedToOptions.contains(o)) {
                i.relatedToOptions.add(o);
            }
        });
        return Map.of("nameObjects", after.nameOptions, "relatedToObjects", after.relatedToOptions);
    }

    private static Object selected(CrmObject o) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("selected", o);
        return answer;
    }

    private Object select(ApiRequest req, String id, boolean name) {
        req.requireMethod("PUT");
        ObjectChoice choice = req.body(ObjectChoice.class);
        if (!choice.named) {
            throw ApiException.badRequest("MISSING_FIELD", "objectId is required: an object's id, or null for None");
        }
        Interaction after = registry.update(req.tenant().id(), id, i -> {
            List<CrmObject> options = name ? i.nameOptions : i.relatedToOptions;
            CrmObject chosen = null;
            if (choice.objectId != null) {
                chosen = options.stream().filter(o -> choice.objectId.equals(o.id)).findFirst()
                        .orElseThrow(() -> ApiException.badRequest("UNKNOWN_OBJECT", "object '"
                                + ApiException.clip(choice.objectId) + "' is not among the "
                                + (name ? "Name" : "Related To") + " objects of this interaction"));
            }
            if (name) {
                i.selectedName = chosen;
            } else {
                i.selectedRelatedTo = chosen;
            }
        });
        return selected(name ? after.selectedName : after.selectedRelatedTo);
    }

    private Object click2dial(ApiRequest req) {
        Click2Dial body = req.body(Click2Dial.class);
        String agent = ApiRequest.checkId("agentId", body.agentId != null ? body.agentId : req.query("agentId"));
        if (body.click2DialData == null || body.click2DialData.clickToDialNumber == null
                || body.click2DialData.clickToDialNumber.isBlank()) {
            throw ApiException.badRequest("MISSING_FIELD", "click2DialData.clickToDialNumber is required");
        }
        String number = body.click2DialData.clickToDialNumber.trim();
        if (!number.matches("\\+?[0-9 ().*#-]{1,40}")) {
            throw ApiException.badRequest("INVALID_FIELD", "clickToDialNumber must be a phone number");
        }
        Tenant tenant = req.tenant();
        StartCall call = new StartCall();
        var partner = tenant.partnerConfig();
        call.partnerId = partner.partnerId;
        call.businessSegmentId = partner.businessSegmentId;
        call.channelOriginId = partner.channelOriginId;
        call.dialTo = number;
        call.dialFrom = tenant.dialFrom();
        call.participantType = "Agent";
        long eventId = streams.publish(new AgentStreams.Topic(tenant.id(), agent, StreamKind.SOFTPHONE_CALLBACKS),
                "start_call", json.write(call));
        if (body.click2DialData.crmObject != null) {
            // remembered with the start_call so the desktop can link the coming call to it
            streams.tryPublish(new AgentStreams.Topic(tenant.id(), agent, StreamKind.AGENT_EVENTS), "click2dial",
                    json.write(Map.of("dialTo", number, "crmObject", body.click2DialData.crmObject)));
        }
        req.setStatus(202);
        return Map.of("status", "sent", "agentId", agent, "eventId", eventId, "start_call", call);
    }

    Object updatePresence(ApiRequest req, String agent) {
        Presence body = req.body(Presence.class);
        if (body.softphoneId == null || body.softphoneId.isBlank()) {
            throw ApiException.badRequest("MISSING_FIELD", "softphoneId is required");
        }
        UpdatePresence payload = new UpdatePresence();
        payload.softphoneId = body.softphoneId;
        long eventId = streams.publish(new AgentStreams.Topic(req.tenant().id(), agent, StreamKind.SOFTPHONE_CALLBACKS),
                "update_presence", json.write(payload));
        req.setStatus(202);
        return Map.of("status", "sent", "agentId", agent, "eventId", eventId);
    }
}
