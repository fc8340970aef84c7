package org.crmconnector.core.channels;

import java.time.Clock;
import java.util.Locale;
import java.util.Map;

import org.crmconnector.core.delivery.InteractionDelivery;
import org.crmconnector.core.ids.IdFormat;
import org.crmconnector.core.lifecycle.InteractionRegistry;
import org.crmconnector.core.lifecycle.Interactions;
import org.crmconnector.core.pop.ScreenPops;
import org.crmconnector.core.refusal.Refusal;
import org.crmconnector.core.softphone.SoftphoneEvents;
import org.crmconnector.core.tenant.PopMoment;
import org.crmconnector.core.tenant.Tenant;
import org.crmconnector.crm.Trigger;
import org.crmconnector.interaction.Cav;
import org.crmconnector.interaction.Channel;
import org.crmconnector.interaction.Interaction;
import org.crmconnector.interaction.InteractionState;
import org.crmconnector.interaction.InteractionType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import static org.crmconnector.core.lifecycle.InteractionRegistry.states;

/**
 * The interaction lifecycle of seed 003 for every channel: calls, chats,
 * emails and social messages, named as Five9's events are
 * ({@code chatOffered}, {@code emailAccepted}, {@code callEnded},
 * {@code chatTransferred}, {@code emailFinished}, ...). The tenant's pop rule
 * for the channel decides whether offered or accepted pops (chats when
 * assigned, emails and social when accepted, by default).
 */
@Component(service = ChannelEvents.class)
public class ChannelEvents {

    public enum Step {
        OFFERED, ACCEPTED, REJECTED, ENDED, TRANSFERRED, FINISHED
    }

    /** An event name taken apart: which channel, which step. */
    public record Name(Channel channel, Step step) {
    }

    private final InteractionRegistry registry;
    private final SoftphoneEvents softphone;
    private final InteractionDelivery delivery;
    private final Clock clock = Clock.systemUTC();

    @Activate
    public ChannelEvents(@Reference InteractionRegistry registry, @Reference SoftphoneEvents softphone,
            @Reference InteractionDelivery delivery) {
        this.registry = registry;
        this.softphone = softphone;
        this.delivery = delivery;
    }

    private static final Map<String, Channel> PREFIXES = Map.of("call", Channel.VOICE, "chat", Channel.CHAT, "email",
            Channel.EMAIL, "social", Channel.SOCIAL);

    /** Parses names like {@code chatOffered}; Five9's {@code callStarted} means offered. */
    public static Name parse(String event) {
        for (Map.Entry<String, Channel> p : PREFIXES.entrySet()) {
            if (event.startsWith(p.getKey()) && event.length() > p.getKey().length()) {
                String rest = event.substring(p.getKey().length());
                String step = rest.equals("Started") ? "OFFERED" : rest.toUpperCase(Locale.ROOT);
                try {
                    return new Name(p.getValue(), Step.valueOf(step));
                } catch (IllegalArgumentException e) {
                    break;
                }
            }
        }
        throw Refusal.invalid("UNKNOWN_EVENT", "unknown interaction event '" + clip(event)
                + "'; use call|chat|email|social + Offered|Accepted|Rejected|Ended|Transferred|Finished");
    }

    public Interaction handle(Tenant tenant, Name name, ChannelEvent e, long startNanos) {
        if (e.interactionId == null || !IdFormat.ID.matcher(e.interactionId).matches()) {
            throw Refusal.invalid("INVALID_FIELD", "interactionId is required: 1-128 letters, digits or . _ : @ -");
        }
        if (e.agentId != null && !IdFormat.ID.matcher(e.agentId).matches()) {
            throw Refusal.invalid("INVALID_FIELD", "agentId must be 1-128 letters, digits or . _ : @ -");
        }
        String id = e.interactionId;
        String t = tenant.id();
        return switch (name.step()) {
            case OFFERED -> {
                if (e.agentId == null) {
                    throw Refusal.invalid("MISSING_FIELD", "agentId is required: the agent the interaction is offered to");
                }
                Interaction created = registry.create(t, id, InteractionState.OFFERED, tenant.maxLiveInteractions(),
                        i -> {
                            i.channel = name.channel();
                            i.agentId = e.agentId;
                            apply(i, e);
                        }, ScreenPops.owedAt(tenant, PopMoment.OFFERED),
                        // the lookup starts while the disk makes the interaction durable
                        written -> softphone.popIf(tenant, written, PopMoment.OFFERED, startNanos));
                delivery.trigger(tenant, Trigger.OFFERED, created);
                yield created;
            }
            case ACCEPTED -> {
                Interaction accepted = registry.transition(t, id, states(InteractionState.OFFERED),
                        InteractionState.ACCEPTED, i -> apply(i, e), done -> { },
                        ScreenPops.owedAt(tenant, PopMoment.ACCEPTED));
                delivery.trigger(tenant, Trigger.ACCEPTED, accepted);
                softphone.popIf(tenant, accepted, PopMoment.ACCEPTED, startNanos);
                yield accepted;
            }
            case REJECTED -> registry.transition(t, id, states(InteractionState.OFFERED), InteractionState.REJECTED,
                    i -> {
                        if (e.reason != null) {
                            i.softphoneData.put("rejectReason", e.reason);
                        }
                    });
            case ENDED -> {
                Interaction ended = registry.transition(t, id, states(InteractionState.ACCEPTED), InteractionState.ENDED,
                        i -> apply(i, e), snapshot -> delivery.ended(tenant, snapshot));
                yield ended;
            }
            case TRANSFERRED -> {
                if (e.agentId == null) {
                    throw Refusal.invalid("MISSING_FIELD", "agentId is required: the agent it is transferred to");
                }
                // A new agent leg of the same interaction. The leg that ends here is logged as it
                // was (key id#leg), stored durably before the transfer takes effect, so the first
                // agent's work is never lost and per-leg CRMs get one record per agent.
                Interaction[] endedLeg = new Interaction[1];
                Interaction moved = registry.transition(t, id, states(InteractionState.ACCEPTED),
                        InteractionState.ACCEPTED, i -> {
                            Interaction leg = Interactions.copy(i);
                            leg.state = InteractionState.FINISHED;
                            leg.endTime = clock.instant();
                            leg.finishedTime = leg.endTime;
                            endedLeg[0] = leg;
                            i.transferredBy = i.agentId;
                            i.agentId = e.agentId;
                            i.legId++;
                            i.transfer = true;
                            i.interactionType = InteractionType.TRANSFERRED;
                            apply(i, e);
                        }, done -> delivery.log(tenant, endedLeg[0]), ScreenPops.owedAt(tenant, PopMoment.OFFERED));
                softphone.popIf(tenant, moved, PopMoment.OFFERED, startNanos);
                yield moved;
            }
            case FINISHED -> softphone.finish(tenant, id,
                    states(InteractionState.OFFERED, InteractionState.ACCEPTED, InteractionState.ENDED), i -> apply(i, e));
        };
    }

    /** Copies what the event says onto the interaction; absent fields leave it as it is. */
    private static void apply(Interaction i, ChannelEvent e) {
        if (e.from != null) {
            i.callerNumber = e.from;
        }
        if (e.to != null) {
            i.dnis = e.to;
        }
        if (e.callerName != null) {
            i.callerName = e.callerName;
        }
        if (e.subject != null) {
            i.subject = e.subject;
        }
        if (e.topicId != null) {
            i.topicId = e.topicId;
        }
        if (e.topicName != null) {
            i.topicName = e.topicName;
        }
        if (e.skillId != null) {
            i.skillId = e.skillId;
        }
        if (e.skillName != null) {
            i.skillName = e.skillName;
        }
        if (e.language != null) {
            i.language = e.language;
        }
        if (e.notes != null) {
            i.comments = e.notes;
        }
        if (e.disposition != null) {
            i.dispositionCode = e.disposition;
        }
        for (Cav c : e.cavs) {
            if (c != null) {
                i.cavs.removeIf(old -> c.id != null ? c.id.equals(old.id) : c.name != null && c.name.equals(old.name));
                i.cavs.add(new Cav(c.id, c.name, c.group, c.value));
            }
        }
    }

    private static String clip(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }
}
