package org.crmconnector.core.avaya;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;

import org.crmconnector.core.lifecycle.InteractionRegistry;
import org.crmconnector.core.lifecycle.LifecycleException;
import org.crmconnector.core.pop.PopOutcome;
import org.crmconnector.core.pop.ScreenPops;
import org.crmconnector.core.softphone.SoftphoneEvents;
import org.crmconnector.core.tenant.Tenant;
import org.crmconnector.core.web.ApiException;
import org.crmconnector.core.web.ApiRequest;
import org.crmconnector.core.web.ApiResource;
import org.crmconnector.crm.ScreenPopRequest;
import org.crmconnector.interaction.Interaction;
import org.crmconnector.interaction.InteractionState;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.fasterxml.jackson.databind.JsonNode;

import static org.crmconnector.core.lifecycle.InteractionRegistry.states;

/**
 * {@code POST crm-connect/messages}: the Avaya CRM Connector's
 * {@code {"type":"CRMConnectMessage","action":..,"data":..}} messages
 * (seeds 000 and 001), exactly as the connector sends them.
 */
@Component(service = ApiResource.class, property = ApiResource.ROUTE + "=crm-connect")
public class CrmConnectResource implements ApiResource {

    static final String TYPE = "CRMConnectMessage";
    private static final Set<String> MESSAGE_FIELDS = Set.of("type", "action", "data");

    private final InteractionRegistry registry;
    private final SoftphoneEvents events;
    private final ScreenPops pops;
    private final InteractionLogMapper mapper = new InteractionLogMapper();

    @Activate
    public CrmConnectResource(@Reference InteractionRegistry registry, @Reference SoftphoneEvents events,
            @Reference ScreenPops pops) {
        this.registry = registry;
        this.events = events;
        this.pops = pops;
    }

    @Override
    public Object handle(ApiRequest req) {
        if (req.depth() != 2 || !"messages".equals(req.segment(1))) {
            throw ApiException.notFound("use POST crm-connect/messages");
        }
        req.requireMethod("POST");
        JsonNode message = req.bodyTree();
        if (!message.isObject()) {
            throw ApiException.badRequest("INVALID_MESSAGE", "a CRMConnectMessage must be a JSON object");
        }
        for (Iterator<String> it = message.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!MESSAGE_FIELDS.contains(f)) {
                throw ApiException.badRequest("UNKNOWN_FIELD", "unknown field '" + ApiException.clip(f)
                        + "'; a CRMConnectMessage has type, action and data");
            }
        }
        JsonNode type = message.get("type");
        if (type == null || !type.isTextual() || !TYPE.equals(type.asText())) {
            throw ApiException.badRequest("UNKNOWN_TYPE", "type must be \"" + TYPE + "\"");
        }
        JsonNode action = message.get("action");
        if (action == null || !action.isTextual()) {
            throw ApiException.badRequest("MISSING_FIELD", "action is required");
        }
        JsonNode data = message.get("data");
        if (data == null || !data.isObject()) {
            throw ApiException.badRequest("MISSING_FIELD", "data must be an object");
        }
        return switch (action.asText()) {
            case "requestPerformInteractionScreenPop" -> screenPop(req, data);
            case "requestSaveInteractionLog" -> saveLog(req, data);
            default -> throw ApiException.badRequest("UNKNOWN_ACTION", "unknown action '"
                    + ApiException.clip(action.asText())
                    + "'; known: requestPerformInteractionScreenPop, requestSaveInteractionLog");
        };
    }

    private Object screenPop(ApiRequest req, JsonNode data) {
        ScreenPopMessage message;
        try {
            message = mapper.parseScreenPop(data);
        } catch (ValueMismatch | LimitExceeded e) {
            // only the mapper's own refusals: anything else it throws is a bug, answered 500 and logged
            throw ApiException.badRequest("INVALID_FIELD", e.getMessage());
        }
        Tenant tenant = req.tenant();
        String agent = req.agentFromQuery(false);
        Interaction interaction = message.interaction();
        if (message.interactionId() != null && registry.knows(tenant.id(), message.interactionId())) {
            // the live interaction carries what the softphone already said about it
            interaction = registry.get(tenant.id(), message.interactionId());
        }
        if (agent != null) {
            interaction.agentId = agent;
        }
        if (interaction.callerNumber == null) {
            interaction.callerNumber = message.ani();
        }
        if (interaction.dnis == null) {
            interaction.dnis = message.dnis();
        }
        interaction.tenantId = tenant.id();
        ScreenPopRequest request = new ScreenPopRequest();
        request.ani = message.ani();
        request.dnis = message.dnis();
        request.attachedData.putAll(message.attachedData());
        request.interaction = interaction;
        PopOutcome outcome;
        try {
            outcome = pops.lookup(tenant, interaction, request, message.allowScreenPop(), req.startNanos()).join();
        } catch (CompletionException e) {
            throw new IllegalStateException("screen pop lookup failed unexpectedly", e.getCause());
        }
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("type", TYPE);
        reply.put("action", "responsePerformInteractionScreenPop");
        reply.put("data", outcome);
        return reply;
    }

    /**
     * One-way (seed 001): the 202 means the log is safely taken. A live
     * interaction with the same id is finished with the log's data merged in.
     */
    private Object saveLog(ApiRequest req, JsonNode data) {
        Interaction log;
        try {
            log = mapper.map(data);
        } catch (ValueMismatch | LimitExceeded e) {
            throw ApiException.badRequest("INVALID_FIELD", e.getMessage());
        }
        ApiRequest.checkId("interactionId", log.interactionId);
        Tenant tenant = req.tenant();
        String agent = req.agentFromQuery(false);
        if (agent != null) {
            log.agentId = agent;
        }
        log.tenantId = tenant.id();
        Interaction finished;
        try {
            finished = events.finish(tenant, log.interactionId,
                    states(InteractionState.OFFERED, InteractionState.ACCEPTED, InteractionState.ENDED),
                    live -> merge(live, log));
        } catch (LifecycleException notLive) {
            if (notLive.code() == LifecycleException.Code.ILLEGAL_TRANSITION) {
                throw notLive;
            }
            // not a live interaction here (Avaya-only flow, or already finished): log it as it is
            log.state = InteractionState.FINISHED;
            finished = log;
            events.logFinished(tenant, finished);
        }
        req.setStatus(202);
        return Map.of("status", "accepted", "interactionId", finished.interactionId);
    }

    /** The log's values win where it has one; the live interaction fills the rest. */
    private static void merge(Interaction live, Interaction log) {
        String agent = live.agentId;
        java.time.Instant start = live.startTime;
        var softphone = live.softphoneData;
        var visited = live.visitedObjects;
        var search = live.searchResults;
        var cavs = live.cavs;
        copyNonNull(log, live);
        if (live.agentId == null) {
            live.agentId = agent;
        }
        if (live.startTime == null) {
            live.startTime = start;
        }
        live.softphoneData = softphone;
        live.visitedObjects = visited;
        live.searchResults = search;
        if (live.cavs.isEmpty()) {
            live.cavs = cavs;
        }
    }

    private static void copyNonNull(Interaction from, Interaction to) {
        for (var f : Interaction.class.getFields()) {
            try {
                Object v = f.get(from);
                boolean empty = v == null || v instanceof java.util.Collection<?> c && c.isEmpty()
                        || v instanceof Map<?, ?> m && m.isEmpty();
                if (!empty && !java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
                    f.set(to, v);
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
