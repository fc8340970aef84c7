package org.crmconnector.core.timeout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.crmconnector.core.agent.AgentStreams;
import org.crmconnector.core.agent.StreamKind;
import org.crmconnector.core.delivery.InteractionDelivery;
import org.crmconnector.core.json.Json;
import org.crmconnector.core.lifecycle.InteractionRegistry;
import org.crmconnector.core.metrics.Metrics;
import org.crmconnector.core.schedule.PeriodicTask;
import org.crmconnector.core.tenant.Tenant;
import org.crmconnector.core.tenant.TenantRegistry;
import org.crmconnector.crm.Trigger;
import org.crmconnector.interaction.Interaction;
import org.crmconnector.interaction.InteractionState;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.crmconnector.core.lifecycle.InteractionRegistry.states;

/**
 * Finishes what nobody finishes, so that no interaction goes unlogged: an
 * ended interaction with no wrap-up within its tenant's wrap-up timeout is
 * finished with the tenant's timeout disposition, and a live one with no
 * event for the stale timeout (a softphone that never said the call ended)
 * is finished as abandoned. Either way the final log is stored as for any
 * finish, and the agent's event stream gets {@code interactionFinished}.
 * <p>
 * An interaction touched meanwhile is left alone: a timeout never cuts short
 * an agent who is still at work.
 */
@Component(service = InteractionTimeouts.class, immediate = true)
public class InteractionTimeouts {

    /** {@link Interaction#finishReason} of an ended interaction nobody wrapped up in time. */
    public static final String WRAP_UP_TIMEOUT = "wrap-up-timeout";
    /** {@link Interaction#finishReason} of a live interaction that never ended. */
    public static final String ABANDONED = "abandoned";

    private static final Logger LOG = LoggerFactory.getLogger(InteractionTimeouts.class);
    private static final Duration CHECK_EVERY = Duration.ofSeconds(5);
    private static final Set<InteractionState> WRAPPING_UP = states(InteractionState.ENDED);
    private static final Set<InteractionState> NOT_ENDED = states(InteractionState.OFFERED, InteractionState.ACCEPTED);

    private final InteractionRegistry registry;
    private final TenantRegistry tenants;
    private final InteractionDelivery delivery;
    private final AgentStreams streams;
    private final Metrics metrics;
    private final Clock clock;
    private final Json json = new Json();
    private PeriodicTask rounds;

    @Activate
    public InteractionTimeouts(@Reference InteractionRegistry registry, @Reference TenantRegistry tenants,
            @Reference InteractionDelivery delivery, @Reference AgentStreams streams, @Reference Metrics metrics) {
        this(registry, tenants, delivery, streams, metrics, Clock.systemUTC());
        // a store or outbox away for a round must not end the rounds: the next one tries again
        rounds = PeriodicTask.start("crm-interaction-timeouts", CHECK_EVERY, "Interaction timeouts", this::check);
    }

    public InteractionTimeouts(InteractionRegistry registry, TenantRegistry tenants, InteractionDelivery delivery,
            AgentStreams streams, Metrics metrics, Clock clock) {
        this.registry = registry;
        this.tenants = tenants;
        this.delivery = delivery;
        this.streams = streams;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Deactivate
    void deactivate() {
        if (rounds != null) {
            rounds.close();
        }
    }

    /**
     * One pass over every tenant (on a shared store, one read per timeout
     * for all of them); returns how many interactions it finished.
     */
    public int check() {
        Instant now = clock.instant();
        Instant staleBefore = now.minus(registry.staleTimeout());
        // only live tenants get a cut-off: one whose configuration is away (being edited) keeps its
        // interactions until it is back
        Map<String, Tenant> live = new HashMap<>();
        Map<String, Instant> wrapUpBefore = new HashMap<>();
        Map<String, Instant> staleBeforeOf = new HashMap<>();
        for (Tenant t : tenants.all()) {
            live.put(t.id(), t);
            wrapUpBefore.put(t.id(), now.minus(t.wrapUpTimeout()));
            staleBeforeOf.put(t.id(), staleBefore);
        }
        return finishIdle(live, wrapUpBefore, WRAPPING_UP, WRAP_UP_TIMEOUT)
                + finishIdle(live, staleBeforeOf, NOT_ENDED, ABANDONED);
    }

    /** Finishes the interactions in {@code from} idle since their tenant's cut-off; returns how many. */
    private int finishIdle(Map<String, Tenant> live, Map<String, Instant> idleBefore, Set<InteractionState> from,
            String reason) {
        int finished = 0;
        for (Map.Entry<String, List<Interaction>> idle : registry.idleSince(idleBefore, from).entrySet()) {
            Tenant tenant = live.get(idle.getKey());
            Instant before = idleBefore.get(idle.getKey());
            for (Interaction i : idle.getValue()) {
                if (finish(tenant, i, from, before, reason)) {
                    finished++;
                }
            }
        }
        return finished;
    }

    private boolean finish(Tenant tenant, Interaction idle, Set<InteractionState> from, Instant idleBefore,
            String reason) {
        Optional<Interaction> done = registry.transitionIfIdle(tenant.id(), idle.interactionId, from,
                InteractionState.FINISHED, idleBefore, i -> {
                    i.finishReason = reason;
                    if (reason.equals(WRAP_UP_TIMEOUT) && i.dispositionCode == null
                            && !tenant.wrapUpTimeoutDisposition().isEmpty()) {
                        i.dispositionCode = tenant.wrapUpTimeoutDisposition();
                    }
                }, finished -> delivery.log(tenant, finished));
        if (done.isEmpty()) {
            return false;
        }
        Interaction finished = done.get();
        delivery.trigger(tenant, Trigger.FINISHED, finished);
        metrics.interactionTimedOut(tenant.id(), reason);
        LOG.info("Tenant {}: interaction {} finished by the connector ({})", tenant.id(), finished.interactionId, reason);
        if (finished.agentId != null) {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("interactionId", finished.interactionId);
            event.put("reason", reason);
            event.put("disposition", finished.dispositionCode);
            streams.tryPublish(new AgentStreams.Topic(tenant.id(), finished.agentId, StreamKind.AGENT_EVENTS),
                    "interactionFinished", json.write(event));
        }
        return true;
    }
}
