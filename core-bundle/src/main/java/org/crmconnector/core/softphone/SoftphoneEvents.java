package org.crmconnector.core.softphone;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.crmconnector.core.agent.AgentStreams;
import org.crmconnector.core.agent.StreamKind;
import org.crmconnector.core.delivery.InteractionDelivery;
import org.crmconnector.core.json.Json;
import org.crmconnector.core.lifecycle.InteractionRegistry;
import org.crmconnector.core.metrics.Metrics;
import org.crmconnector.core.pop.ScreenPops;
import org.crmconnector.core.refusal.Refusal;
import org.crmconnector.core.tenant.PopMoment;
import org.crmconnector.core.tenant.Tenant;
import org.crmconnector.crm.Trigger;
import org.crmconnector.interaction.Channel;
import org.crmconnector.interaction.Direction;
import org.crmconnector.interaction.Interaction;
import org.crmconnector.interaction.InteractionState;
import org.crmconnector.softphone.CallAccepted;
import org.crmconnector.softphone.CallEnded;
import org.crmconnector.softphone.CallNotesSubmitted;
import org.crmconnector.softphone.CallRejected;
import org.crmconnector.softphone.IncomingCall;
import org.crmconnector.softphone.OutboundCallInitiated;
import org.crmconnector.softphone.SoftphoneEvent;
import org.crmconnector.softphone.StatusChanged;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import static org.crmconnector.core.ids.IdFormat.ID;
import static org.crmconnector.core.lifecycle.InteractionRegistry.states;

/**
 * Drives the interaction lifecycle from the softphone contract (seed 002):
 * incomingCall offers, callAccepted accepts, callRejected rejects, callEnded
 * ends (and stores the first log, as the tenant's log stages say),
 * callNotesSubmitted finishes the wrap-up and stores the final log.
 */
@Component(service = SoftphoneEvents.class)
public class SoftphoneEvents {

    private final InteractionRegistry registry;
    private final ScreenPops pops;
    private final InteractionDelivery delivery;
    private final AgentStreams streams;
    private final Metrics metrics;
    private final Json json = new Json();

    @Activate
    public SoftphoneEvents(@Reference InteractionRegistry registry, @Reference ScreenPops pops,
            @Reference InteractionDelivery delivery, @Reference AgentStreams streams, @Reference Metrics metrics) {
        this.registry = registry;
        this.pops = pops;
        this.delivery = delivery;
        this.streams = streams;
        this.metrics = metrics;
    }

    /** Applies one event; returns the interaction as it is afterwards (null for statusChanged). */
    public Interaction handle(Tenant tenant, SoftphoneEvent event, long startNanos) {
        validate(event);
        metrics.softphoneEvent(tenant.id(), event.type().wireName());
        return switch (event.type()) {
            case INCOMING_CALL -> incomingCall(tenant, (IncomingCall) event, startNanos);
            case CALL_ACCEPTED -> callAccepted(tenant, (CallAccepted) event, startNanos);
            case CALL_REJECTED -> callRejected(tenant, (CallRejected) event);
            case CALL_ENDED -> callEnded(tenant, (CallEnded) event);
            case CALL_NOTES_SUBMITTED -> callNotesSubmitted(tenant, (CallNotesSubmitted) event);
            case OUTBOUND_CALL_INITIATED -> outboundCallInitiated(tenant, (OutboundCallInitiated) event);
            case STATUS_CHANGED -> statusChanged(tenant, (StatusChanged) event);
        };
    }

    private Interaction incomingCall(Tenant tenant, IncomingCall e, long startNanos) {
        requireAgent(e);
        Interaction created = registry.create(tenant.id(), e.conversationId, InteractionState.OFFERED,
                tenant.maxLiveInteractions(), i -> {
                    i.agentId = e.agentId;
                    i.partnerId = e.partnerId;
                    i.callerNumber = e.callerANI;
                    i.language = e.language == null ? "en_US" : e.language;
                    i.channel = Channel.VOICE;
                    i.direction = Direction.INBOUND;
                }, ScreenPops.owedAt(tenant, PopMoment.OFFERED),
                // the lookup starts while the disk makes the call durable
                written -> popIf(tenant, written, PopMoment.OFFERED, startNanos));
        delivery.trigger(tenant, Trigger.OFFERED, created);
        return created;
    }

    private Interaction callAccepted(Tenant tenant, CallAccepted e, long startNanos) {
        Interaction accepted = registry.transition(tenant.id(), e.conversationId, states(InteractionState.OFFERED),
                InteractionState.ACCEPTED, i -> {
                    if (e.agentId != null) {
                        i.agentId = e.agentId;
                    }
                    if (e.callerANI != null) {
                        i.callerNumber = e.callerANI;
                    }
                    if (e.language != null) {
                        i.language = e.language;
                    }
                    putIfSet(i.softphoneData, "ivrExitPath", e.ivrExitPath);
                    putIfSet(i.softphoneData, "channelName", e.channelName);
                    putIfSet(i.softphoneData, "reservationStartDate", e.reservationStartDate);
                    putIfSet(i.softphoneData, "specialEvent", e.specialEvent);
                    putIfSet(i.softphoneData, "escalationType", e.escalationType);
                    putIfSet(i.softphoneData, "recordingStatus", e.recordingStatus);
                }, done -> { }, ScreenPops.owedAt(tenant, PopMoment.ACCEPTED));
        delivery.trigger(tenant, Trigger.ACCEPTED, accepted);
        popIf(tenant, accepted, PopMoment.ACCEPTED, startNanos);
        return accepted;
    }

    private Interaction callRejected(Tenant tenant, CallRejected e) {
        if (e.reason != null && !e.reason.equals("active") && !e.reason.equals("passive")) {
            throw Refusal.invalid("INVALID_FIELD", "reason must be 'active' or 'passive'");
        }
        return registry.transition(tenant.id(), e.conversationId, states(InteractionState.OFFERED),
                InteractionState.REJECTED, i -> putIfSet(i.softphoneData, "rejectReason", e.reason));
    }

    private Interaction callEnded(Tenant tenant, CallEnded e) {
        Direction direction = e.callType == null ? null : switch (e.callType.toLowerCase(Locale.ROOT)) {
            case "inbound" -> Direction.INBOUND;
            case "outbound" -> Direction.OUTBOUND;
            case "internal" -> Direction.INTERNAL;
            default -> throw Refusal.invalid("INVALID_FIELD", "callType must be 'inbound' or 'outbound'");
        };
        if (e.duration != null && e.duration < 0) {
            throw Refusal.invalid("INVALID_FIELD", "duration must be a number of seconds, not negative");
        }
        Interaction ended = registry.transition(tenant.id(), e.conversationId, states(InteractionState.ACCEPTED),
                InteractionState.ENDED, i -> {
                    if (e.duration != null) {
                        i.durationSeconds = e.duration;
                    }
                    if (e.disposition != null) {
                        i.dispositionCode = e.disposition;
                    }
                    if (e.notes != null) {
                        i.comments = e.notes;
                    }
                    if (direction != null) {
                        i.direction = direction;
                    }
                }, snapshot -> delivery.ended(tenant, snapshot));
        return ended;
    }

    private Interaction callNotesSubmitted(Tenant tenant, CallNotesSubmitted e) {
        return finish(tenant, e.conversationId, states(InteractionState.ACCEPTED, InteractionState.ENDED), i -> {
            if (e.disposition != null) {
                i.dispositionCode = e.disposition;
            }
            if (e.notes != null) {
                i.comments = e.notes;
            }
        });
    }

    /**
     * Finishes a live interaction. Its log is stored durably before the
     * interaction changes state: if the log cannot be stored, the call fails
     * and the interaction stays as it was, so no log is ever lost.
     */
    public Interaction finish(Tenant tenant, String interactionId, Set<InteractionState> from,
            Consumer<Interaction> change) {
        Interaction finished = registry.transition(tenant.id(), interactionId, from, InteractionState.FINISHED, change,
                done -> delivery.log(tenant, done));
        delivery.trigger(tenant, Trigger.FINISHED, finished);
        return finished;
    }

    /** Logs an interaction that was never live here (an Avaya-only flow): stored durably, then the trigger. */
    public void logFinished(Tenant tenant, Interaction finished) {
        delivery.log(tenant, finished);
        delivery.trigger(tenant, Trigger.FINISHED, finished);
    }

    private Interaction outboundCallInitiated(Tenant tenant, OutboundCallInitiated e) {
        requireAgent(e);
        if (e.dialledTo == null || e.dialledTo.isBlank()) {
            throw Refusal.invalid("MISSING_FIELD", "dialledTo is required");
        }
        Interaction created = registry.create(tenant.id(), e.conversationId, InteractionState.ACCEPTED,
                tenant.maxLiveInteractions(), i -> {
                    i.agentId = e.agentId;
                    i.partnerId = e.partnerId;
                    i.channel = Channel.VOICE;
                    i.direction = Direction.OUTBOUND;
                    i.dnis = e.dialledTo;
                    i.destinationAddress = e.dialledTo;
                });
        delivery.trigger(tenant, Trigger.ACCEPTED, created);
        return created;
    }

    private Interaction statusChanged(Tenant tenant, StatusChanged e) {
        requireAgent(e);
        if (e.softphoneId == null || e.softphoneId.isBlank()) {
            throw Refusal.invalid("MISSING_FIELD", "softphoneId is required");
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("agentId", e.agentId);
        payload.put("softphoneId", e.softphoneId);
        streams.publish(new AgentStreams.Topic(tenant.id(), e.agentId, StreamKind.AGENT_EVENTS), "agentStatus",
                json.write(payload));
        return null;
    }

    /**
     * Pops when the tenant's rule for the interaction's channel names this
     * moment. The change that led here was saved with the pop owed when
     * {@link ScreenPops#owedAt} held for it; the same test on the same
     * snapshot tells the pop so, to mark it shown once published.
     */
    public void popIf(Tenant tenant, Interaction interaction, PopMoment moment, long startNanos) {
        if (tenant.popMoment(interaction.channel) != moment) {
            return;
        }
        pops.pop(tenant, interaction, startNanos, ScreenPops.owedAt(tenant, moment).test(interaction));
    }

    private static void validate(SoftphoneEvent e) {
        if (!(e instanceof StatusChanged)) {
            if (e.conversationId == null || e.conversationId.isBlank()) {
                throw Refusal.invalid("MISSING_FIELD", "conversationId is required");
            }
            if (!ID.matcher(e.conversationId).matches()) {
                throw Refusal.invalid("INVALID_FIELD",
                        "conversationId must be 1-128 letters, digits or . _ : @ -");
            }
        }
        if (e.agentId != null && !ID.matcher(e.agentId).matches()) {
            throw Refusal.invalid("INVALID_FIELD", "agentId must be 1-128 letters, digits or . _ : @ -");
        }
    }

    private static void requireAgent(SoftphoneEvent e) {
        if (e.agentId == null) {
            throw Refusal.invalid("MISSING_FIELD",
                    "agentId is required: it names the agent whose browser receives pops and callbacks");
        }
    }

    private static void putIfSet(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
