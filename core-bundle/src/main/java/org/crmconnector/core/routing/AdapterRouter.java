package org.crmconnector.core.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.crmconnector.core.configadmin.Configurations;
import org.crmconnector.crm.CrmConnector;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.Constants;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes a tenant's work to the adapter instance it names. Adapters are
 * hot-swapped, so the reference is dynamic and greedy: a new or updated
 * adapter service is bound the moment it appears, one that goes is unbound
 * at once, and the core is never re-activated for either.
 */
@Component(service = AdapterRouter.class)
public class AdapterRouter {

    private static final Logger LOG = LoggerFactory.getLogger(AdapterRouter.class);

    /** Adapter instance name to its services, best first (highest ranking, then oldest). */
    private final Map<String, List<Bound>> byInstance = new ConcurrentHashMap<>();
    private final List<AdapterListener> listeners = new CopyOnWriteArrayList<>();
    /**
     * How long after its last service went an instance counts as being
     * swapped, not gone: an updated bundle or an edited configuration brings
     * its replacement within seconds.
     */
    static final long SWAP_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(30);

    /** When an instance's last service went (System.nanoTime), and the bundle it came from. */
    private record Gone(long sinceNanos, long bundleId) {
    }

    /** By instance, while none is bound: its last service went, perhaps to be replaced. */
    private final Map<String, Gone> gone = new ConcurrentHashMap<>();
    /** An uninstalled adapter bundle is not being replaced: nobody waits for its instances. */
    private final BundleListener uninstalls = event -> {
        if (event.getType() == BundleEvent.UNINSTALLED) {
            goneFor(event.getBundle().getBundleId());
        }
    };
    private BundleContext context;
    private volatile ConfigurationAdmin configAdmin;

    @Activate
    void activate(BundleContext context) {
        this.context = context;
        context.addBundleListener(uninstalls);
    }

    @Deactivate
    void deactivate() {
        context.removeBundleListener(uninstalls);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setConfigAdmin(ConfigurationAdmin admin) {
        this.configAdmin = admin;
    }

    void unsetConfigAdmin(ConfigurationAdmin admin) {
        if (configAdmin == admin) {
            configAdmin = null;
        }
    }
    /** By instance: who waits for it to be bound ({@link #connectorWithin}); lists changed only inside compute. */
    private final Map<String, List<CompletableFuture<Optional<CrmConnector>>>> waiters = new ConcurrentHashMap<>();

    /** An adapter service as bound, with the properties it was registered with. */
    public record Bound(CrmConnector connector, String instance, String crmType, long serviceId, int ranking,
            long bundleId) {
    }

    /** Told when an adapter instance becomes available or goes away. */
    public interface AdapterListener {
        void adapterChanged(String instance, boolean available);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, updated = "updatedConnector")
    public void bindConnector(CrmConnector connector, Map<String, Object> props) {
        Bound bound = toBound(connector, props);
        if (bound.instance().isEmpty()) {
            LOG.warn("CRM connector service {} has no {} property; no tenant can use it", bound.serviceId(),
                    CrmConnector.CRM_INSTANCE);
            return;
        }
        byInstance.compute(bound.instance(), (k, list) -> {
            List<Bound> next = list == null ? new ArrayList<>() : new ArrayList<>(list);
            next.add(bound);
            next.sort(Comparator.comparingInt(Bound::ranking).reversed().thenComparingLong(Bound::serviceId));
            return List.copyOf(next);
        });
        LOG.info("Adapter instance '{}' bound: {} service {} from bundle {}", bound.instance(), bound.crmType(),
                bound.serviceId(), bound.bundleId());
        gone.remove(bound.instance());
        releaseWaiters(bound.instance());
        listeners.forEach(l -> l.adapterChanged(bound.instance(), true));
    }

    public void unbindConnector(CrmConnector connector, Map<String, Object> props) {
        long serviceId = ((Number) props.get(Constants.SERVICE_ID)).longValue();
        // by service id, not by the properties given: they may have changed since the bind
        Bound removed = removeService(serviceId);
        if (removed != null) {
            String instance = removed.instance();
            LOG.info("Adapter instance '{}' unbound: service {}", instance, serviceId);
            boolean left = current(instance).isPresent();
            if (!left && stillConfigured(instance)) {
                gone.put(instance, new Gone(System.nanoTime(), removed.bundleId()));
            }
            listeners.forEach(l -> l.adapterChanged(instance, left));
        }
    }

    /**
     * Whether a configuration still names the instance: one deleted is not
     * being replaced. Without Config Admin it may be; an instance named only by
     * its metatype default has no property to find it by, and counts as gone
     * (its pops answer at once, as before swaps were waited out).
     */
    private boolean stillConfigured(String instance) {
        ConfigurationAdmin admin = configAdmin;
        if (admin == null) {
            return true;
        }
        return Configurations.exists(admin, CrmConnector.CRM_INSTANCE, instance, true);
    }

    /** The adapter bundle was uninstalled: its instances are gone for good, and whoever waits is told so. */
    void goneFor(long bundleId) {
        for (Map.Entry<String, Gone> e : gone.entrySet()) {
            if (e.getValue().bundleId() == bundleId && gone.remove(e.getKey(), e.getValue())) {
                releaseWaiters(e.getKey());
            }
        }
    }

    /** Tells whoever waits for the instance what it has now: a connector, or none for good. */
    private void releaseWaiters(String instance) {
        List<CompletableFuture<Optional<CrmConnector>>> waiting = waiters.remove(instance);
        if (waiting != null) {
            Optional<CrmConnector> now = connectorFor(instance);
            waiting.forEach(w -> w.complete(now));
        }
    }

    /** An adapter re-configured in place may change its instance name or ranking. */
    public void updatedConnector(CrmConnector connector, Map<String, Object> props) {
        unbindConnector(connector, props);
        bindConnector(connector, props);
    }

    private Bound removeService(long serviceId) {
        for (Map.Entry<String, List<Bound>> e : byInstance.entrySet()) {
            Optional<Bound> found = e.getValue().stream().filter(b -> b.serviceId() == serviceId).findFirst();
            if (found.isPresent()) {
                byInstance.computeIfPresent(e.getKey(), (k, list) -> {
                    List<Bound> next = list.stream().filter(b -> b.serviceId() != serviceId).toList();
                    return next.isEmpty() ? null : next;
                });
                return found.get();
            }
        }
        return null;
    }

    /** The connector serving {@code instance} now, if any. */
    public Optional<CrmConnector> connectorFor(String instance) {
        return current(instance).map(Bound::connector);
    }

    /**
     * The connector serving {@code instance}: now, or, while the instance is
     * being swapped, as soon as its new service is bound within
     * {@code timeoutMs}; empty when none is by then, and at once for an
     * instance that is simply not there. Updating an adapter bundle, or
     * editing its configuration, unbinds the old service a moment before the
     * new one is bound: work that waits out that moment is not failed for it.
     */
    public CompletableFuture<Optional<CrmConnector>> connectorWithin(String instance, long timeoutMs) {
        Optional<CrmConnector> now = connectorFor(instance);
        if (now.isPresent() || !beingSwapped(instance) || timeoutMs <= 0) {
            return CompletableFuture.completedFuture(now);
        }
        CompletableFuture<Optional<CrmConnector>> waiter = new CompletableFuture<>();
        waiters.compute(instance, (k, list) -> {
            List<CompletableFuture<Optional<CrmConnector>>> next = list == null ? new ArrayList<>() : list;
            next.add(waiter);
            return next;
        });
        // bound, or gone for good, between the first look and joining the waiters: that did not see this waiter
        connectorFor(instance).ifPresent(c -> waiter.complete(Optional.of(c)));
        if (!beingSwapped(instance)) {
            waiter.complete(connectorFor(instance));
        }
        waiter.completeOnTimeout(Optional.empty(), timeoutMs, TimeUnit.MILLISECONDS);
        waiter.whenComplete((c, e) -> waiters.computeIfPresent(instance, (k, list) -> {
            list.remove(waiter);
            return list.isEmpty() ? null : list;
        }));
        return waiter;
    }

    private boolean beingSwapped(String instance) {
        Gone g = instance == null ? null : gone.get(instance);
        return g != null && System.nanoTime() - g.sinceNanos() <= SWAP_WINDOW_NANOS;
    }

    public Optional<Bound> current(String instance) {
        List<Bound> list = instance == null ? null : byInstance.get(instance);
        return list == null || list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
    }

    public List<Bound> all() {
        return byInstance.values().stream().flatMap(List::stream).toList();
    }

    public void addListener(AdapterListener listener) {
        listeners.add(listener);
    }

    public void removeListener(AdapterListener listener) {
        listeners.remove(listener);
    }

    private static Bound toBound(CrmConnector connector, Map<String, Object> props) {
        Object instance = props.get(CrmConnector.CRM_INSTANCE);
        Object type = props.get(CrmConnector.CRM_TYPE);
        Object ranking = props.get(Constants.SERVICE_RANKING);
        Object bundleId = props.get(Constants.SERVICE_BUNDLEID);
        return new Bound(connector, instance == null ? "" : instance.toString().trim(),
                type == null ? "unknown" : type.toString(), ((Number) props.get(Constants.SERVICE_ID)).longValue(),
                ranking instanceof Integer r ? r : 0, bundleId instanceof Number n ? n.longValue() : -1);
    }
}
