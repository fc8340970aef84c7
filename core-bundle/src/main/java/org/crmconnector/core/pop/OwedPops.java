package org.crmconnector.core.pop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.crmconnector.core.lifecycle.InteractionRegistry;
import org.crmconnector.core.schedule.PeriodicTask;
import org.crmconnector.core.tenant.PopMoment;
import org.crmconnector.core.tenant.Tenant;
import org.crmconnector.core.tenant.TenantRegistry;
import org.crmconnector.interaction.Interaction;
import org.crmconnector.interaction.InteractionState;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Redoes the screen pops nobody published: a pop is recorded as owed before
 * the event that pops is answered and marked shown once published, so one
 * still owed well past the lookup timeout was lost with its node (or with
 * this node, before a restart). Every node looks; the registry's claim
 * (under the store's lock) lets one node only redo each. Only a call still
 * in progress is popped again: a pop on offer while it rings or once
 * answered (the agent talking to the caller wants the record all the more),
 * a pop on accept while answered. For a call ended meanwhile a pop is
 * pointless.
 */
@Component(service = OwedPops.class, immediate = true)
public class OwedPops {

    private static final Logger LOG = LoggerFactory.getLogger(OwedPops.class);
    private static final Duration CHECK_EVERY = Duration.ofSeconds(2);
    /** Past the lookup timeout, how long a pop may stay owed before it counts as lost. */
    static final Duration GRACE = Duration.ofSeconds(5);

    private final InteractionRegistry registry;
    private final TenantRegistry tenants;
    private final ScreenPops pops;
    /** Null when checked by hand only. */
    private final PeriodicTask rounds;

    @Activate
    public OwedPops(@Reference InteractionRegistry registry, @Reference TenantRegistry tenants,
            @Reference ScreenPops pops) {
        this(registry, tenants, pops, true);
    }

    private OwedPops(InteractionRegistry registry, TenantRegistry tenants, ScreenPops pops, boolean periodic) {
        this.registry = registry;
        this.tenants = tenants;
        this.pops = pops;
        // a failed round leaves the pops owed: the next one tries again
        this.rounds = periodic ? PeriodicTask.start("crm-owed-pops", CHECK_EVERY, "Owed screen pops", this::check)
                : null;
    }

    /** One that checks only when {@link #check()} is called. */
    static OwedPops checkedByHand(InteractionRegistry registry, TenantRegistry tenants, ScreenPops pops) {
        return new OwedPops(registry, tenants, pops, false);
    }

    @Deactivate
    void deactivate() {
        if (rounds != null) {
            rounds.close();
        }
    }

    /**
     * One pass over every tenant (on a shared store, one read for all of
     * them); the redone pops, each done when its pop is published.
     */
    public List<CompletableFuture<PopOutcome>> check() {
        Duration overdue = pops.timeout().plus(GRACE);
        Map<String, Tenant> live = new HashMap<>();
        tenants.all().forEach(t -> live.put(t.id(), t));
        // a tenant not live has its configuration away (being edited): its pops wait for it
        Map<String, List<Interaction>> claimed = registry.claimOwedPops(overdue, tenantId -> {
            Tenant tenant = live.get(tenantId);
            return tenant == null ? null : i -> stillPops(tenant, i);
        });
        List<CompletableFuture<PopOutcome>> redone = new ArrayList<>();
        claimed.forEach((tenantId, owed) -> {
            for (Interaction i : owed) {
                LOG.info("Tenant {}: the screen pop of {} was not published; redoing it", tenantId, i.interactionId);
                redone.add(pops.redo(live.get(tenantId), i));
            }
        });
        return redone;
    }

    /** Whether the tenant's rules still pop this call now. */
    static boolean stillPops(Tenant tenant, Interaction i) {
        if (!ScreenPops.reachesAgent(tenant, i)) {
            return false;
        }
        PopMoment moment = tenant.popMoment(i.channel);
        return moment == PopMoment.OFFERED
                        && (i.state == InteractionState.OFFERED || i.state == InteractionState.ACCEPTED)
                || moment == PopMoment.ACCEPTED && i.state == InteractionState.ACCEPTED;
    }
}
