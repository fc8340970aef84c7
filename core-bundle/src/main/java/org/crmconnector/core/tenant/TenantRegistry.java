package org.crmconnector.core.tenant;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

import org.crmconnector.core.configadmin.Configurations;
import org.osgi.framework.Constants;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live tenants by id. Tenants come and go with their configurations, so the
 * reference is dynamic: a request sees the tenants of the moment, never a
 * restarted registry.
 * <p>
 * An edited configuration makes DS unregister the old {@link Tenant} before it
 * registers the new one (a tenant is immutable), and every tenant holding its
 * keys the old way is edited once by itself. A request arriving in between
 * must not be told the tenant does not exist: a tenant that goes while its
 * configuration is still there keeps answering for up to {@link #HANDOVER},
 * until its replacement is live. A deleted configuration ends the tenant at
 * once; a changed one that DS refuses ends it when the handover runs out.
 */
@Component(service = TenantRegistry.class)
public class TenantRegistry {

    /** Longest a replaced tenant answers while DS activates the one made from its changed configuration. */
    static final Duration HANDOVER = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(TenantRegistry.class);

    /** A tenant answering for its changed configuration until {@code untilNanos}. */
    private record Handover(Tenant tenant, long untilNanos) {
    }

    private final Map<String, Tenant> byId = new ConcurrentHashMap<>();
    /** Tenants that share an id with one already live; they take over if it goes. */
    private final List<Tenant> waiting = new CopyOnWriteArrayList<>();
    /** By id: tenants that went while their configuration stayed, answering until their replacement is live. */
    private final Map<String, Handover> handovers = new ConcurrentHashMap<>();
    private final Predicate<String> stillConfigured;
    private final LongSupplier nanoClock;

    @Activate
    public TenantRegistry(@Reference ConfigurationAdmin configAdmin) {
        this(pid -> Configurations.exists(configAdmin, Constants.SERVICE_PID, pid, false), System::nanoTime);
    }

    /** A registry that knows no configurations: a tenant that goes is gone at once. */
    public TenantRegistry() {
        this(pid -> false, System::nanoTime);
    }

    /** @param stillConfigured whether the configuration with this PID exists */
    TenantRegistry(Predicate<String> stillConfigured, LongSupplier nanoClock) {
        this.stillConfigured = stillConfigured;
        this.nanoClock = nanoClock;
    }

    /*
     * addTenant and removeTenant are synchronized: DS may call them on different
     * threads, and a duplicate joining the waiting list while the live tenant
     * goes would otherwise be stranded there. Lookups stay lock-free.
     */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public synchronized void addTenant(Tenant tenant) {
        Tenant previous = byId.putIfAbsent(tenant.id(), tenant);
        if (previous != null && previous != tenant) {
            LOG.error("Two tenant configurations share the id '{}'; the second is ignored until the first goes", tenant.id());
            waiting.add(tenant);
        } else {
            endHandovers(tenant);
            LOG.info("Tenant {} is live (adapter instance '{}')", tenant.id(), tenant.adapterInstance());
        }
    }

    public void removeTenant(Tenant tenant) {
        // asked outside the lock: Config Admin is not called with a DS callback's lock held
        boolean configured = tenant.pid() != null && stillConfigured.test(tenant.pid());
        synchronized (this) {
            waiting.remove(tenant);
            if (!byId.remove(tenant.id(), tenant)) {
                return;
            }
            for (Tenant w : waiting) {
                if (w.id().equals(tenant.id()) && byId.putIfAbsent(w.id(), w) == null) {
                    waiting.remove(w);
                    endHandovers(w);
                    LOG.info("Tenant {} removed; the next configuration with its id is live", tenant.id());
                    return;
                }
            }
            if (configured) {
                handovers.put(tenant.id(), new Handover(tenant, nanoClock.getAsLong() + HANDOVER.toNanos()));
                LOG.debug("Tenant {} is being replaced after its configuration changed", tenant.id());
            } else {
                LOG.info("Tenant {} removed", tenant.id());
            }
        }
    }

    public Optional<Tenant> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Tenant live = byId.get(id);
        if (live != null) {
            return Optional.of(live);
        }
        Handover handover = handovers.get(id);
        return handover == null || expired(handover) ? Optional.empty() : Optional.of(handover.tenant());
    }

    public Collection<Tenant> all() {
        List<Tenant> all = new ArrayList<>(byId.values());
        for (Handover h : handovers.values()) {
            if (!byId.containsKey(h.tenant().id()) && !expired(h)) {
                all.add(h.tenant());
            }
        }
        return List.copyOf(all);
    }

    /** The replacement is live: what was answering for its configuration, or for its id, stops. */
    private void endHandovers(Tenant live) {
        handovers.remove(live.id());
        if (live.pid() != null) {
            // a changed tenant.id: the old id ends with the configuration's new tenant
            handovers.values().removeIf(h -> live.pid().equals(h.tenant().pid()));
        }
    }

    private boolean expired(Handover handover) {
        if (nanoClock.getAsLong() - handover.untilNanos() < 0) {
            return false;
        }
        if (handovers.remove(handover.tenant().id(), handover)) {
            LOG.warn("Tenant {}: its changed configuration did not become a tenant within {} s; the tenant is off",
                    handover.tenant().id(), HANDOVER.toSeconds());
        }
        return true;
    }
}
