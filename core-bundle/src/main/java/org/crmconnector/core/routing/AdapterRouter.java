package org.crmconnector.core.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.crmconnector.crm.CrmConnector;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Component;
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

    /** An adapter service as bound, with the properties it was registered with. */
    public record Bound(CrmConnector connector, String instance, String crmType, long serviceId, int ranking,
            long bundleId, boolean triggers) {
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
        listeners.forEach(l -> l.adapterChanged(bound.instance(), true));
    }

    public void unbindConnector(CrmConnector connector, Map<String, Object> props) {
        long serviceId = ((Number) props.get(Constants.SERVICE_ID)).longValue();
        // by service id, not by the properties given: they may have changed since the bind
        String instance = removeService(serviceId);
        if (instance != null) {
            LOG.info("Adapter instance '{}' unbound: service {}", instance, serviceId);
            boolean left = current(instance).isPresent();
            listeners.forEach(l -> l.adapterChanged(instance, left));
        }
    }

    /** An adapter re-configured in place may change its instance name or ranking. */
    public void updatedConnector(CrmConnector connector, Map<String, Object> props) {
        unbindConnector(connector, props);
        bindConnector(connector, props);
    }

    private String removeService(long serviceId) {
        for (Map.Entry<String, List<Bound>> e : byInstance.entrySet()) {
            if (e.getValue().stream().anyMatch(b -> b.serviceId() == serviceId)) {
                String instance = e.getKey();
                byInstance.computeIfPresent(instance, (k, list) -> {
                    List<Bound> next = list.stream().filter(b -> b.serviceId() != serviceId).toList();
                    return next.isEmpty() ? null : next;
                });
                return instance;
            }
        }
        return null;
    }

    /** The connector serving {@code instance} now, if any. */
    public Optional<CrmConnector> connectorFor(String instance) {
        return current(instance).map(Bound::connector);
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
        Object triggers = props.get(CrmConnector.CRM_TRIGGERS);
        return new Bound(connector, instance == null ? "" : instance.toString().trim(),
                type == null ? "unknown" : type.toString(), ((Number) props.get(Constants.SERVICE_ID)).longValue(),
                ranking instanceof Integer r ? r : 0, bundleId instanceof Number n ? n.longValue() : -1,
                Boolean.TRUE.equals(triggers) || "true".equalsIgnoreCase(String.valueOf(triggers)));
    }
}
