package org.crmconnector.core.tenant;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

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
 */
@Component(service = TenantRegistry.class)
public class TenantRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(TenantRegistry.class);

    private final Map<String, Tenant> byId = new ConcurrentHashMap<>();
    /** Tenants that share an id with one already live; they take over if it goes. */
    private final List<Tenant> waiting = new CopyOnWriteArrayList<>();

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
            LOG.info("Tenant {} is live (adapter instance '{}')", tenant.id(), tenant.adapterInstance());
        }
    }

    public synchronized void removeTenant(Tenant tenant) {
        waiting.remove(tenant);
        if (byId.remove(tenant.id(), tenant)) {
            LOG.info("Tenant {} removed", tenant.id());
            for (Tenant w : waiting) {
                if (w.id().equals(tenant.id()) && byId.putIfAbsent(w.id(), w) == null) {
                    waiting.remove(w);
                    break;
                }
            }
        }
    }

    public Optional<Tenant> find(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(byId.get(id));
    }

    public Collection<Tenant> all() {
        return List.copyOf(byId.values());
    }
}
