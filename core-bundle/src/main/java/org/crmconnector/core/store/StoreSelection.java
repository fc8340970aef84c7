package org.crmconnector.core.store;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.crmconnector.store.InteractionStore;
import org.crmconnector.store.OutboxStore;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's choice of store, a framework property ({@value #PROPERTY}:
 * {@code embedded}, the default, or {@code postgresql}), known before any
 * bundle starts: a Config Admin configuration would arrive after the
 * interaction registry and the outbox had already started on the default,
 * and requests in that window would land in the wrong store.
 * <p>
 * The embedded stores are disabled components that this one enables only
 * when the embedded store is selected; the PostgreSQL bundle registers its
 * stores only when PostgreSQL is (it reads the same property). So exactly one
 * kind of store ever exists on a node, and the registry and the outbox simply
 * wait for it. A change of the property takes a restart of the node, on
 * purpose: switching stores under live calls would split them.
 */
@Component(service = StoreSelection.class, immediate = true)
public class StoreSelection {

    /** The framework property selecting the store kind (bin/crm-connector sets it from CRM_STORE). */
    public static final String PROPERTY = "crm.store";
    public static final String EMBEDDED = "embedded";
    public static final String POSTGRESQL = "postgresql";
    /** The embedded stores, enabled by this component only (DS {@code enabled = false}). */
    static final String[] EMBEDDED_COMPONENTS = {"org.crmconnector.core.lifecycle.EmbeddedInteractionStore",
            "org.crmconnector.core.outbox.EmbeddedOutboxStore"};

    private static final Logger LOG = LoggerFactory.getLogger(StoreSelection.class);
    private static final Set<String> KINDS = Set.of(EMBEDDED, POSTGRESQL);
    private static final long MISSING_WARNING_SECONDS = 15;

    private final String kind;
    private final Map<ServiceReference<?>, String> stores = new ConcurrentHashMap<>();
    private final ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "crm-store-selection");
        t.setDaemon(true);
        return t;
    });

    @Activate
    public StoreSelection(ComponentContext component, BundleContext context) {
        this.kind = kindOf(context.getProperty(PROPERTY));
        if (!KINDS.contains(kind)) {
            LOG.error("The framework property {}={} names no store kind (embedded or postgresql): no store is opened, "
                    + "the interaction registry and the outbox stay inactive and /health/ready answers 503", PROPERTY, kind);
            return;
        }
        LOG.info("Interactions and the outbox are kept in the {} store ({}={})", kind, PROPERTY, kind);
        if (EMBEDDED.equals(kind)) {
            for (String name : EMBEDDED_COMPONENTS) {
                component.enableComponent(name);
            }
        }
        checker.schedule(this::warnWhenMissing, MISSING_WARNING_SECONDS, TimeUnit.SECONDS);
    }

    /** The selected kind: the property, trimmed and in lower case, {@value #EMBEDDED} when unset. */
    static String kindOf(String property) {
        return property == null || property.isBlank() ? EMBEDDED : property.trim().toLowerCase(Locale.ROOT);
    }

    /** The selected store kind, as the property names it (possibly a wrong one, which no store matches). */
    public String kind() {
        return kind;
    }

    @Deactivate
    void deactivate() {
        checker.shutdownNow();
    }

    // references only (no service objects): watching must not open the stores
    @Reference(service = InteractionStore.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    void addInteractionStore(ServiceReference<InteractionStore> ref) {
        stores.put(ref, "interaction");
    }

    void removeInteractionStore(ServiceReference<InteractionStore> ref) {
        stores.remove(ref);
    }

    @Reference(service = OutboxStore.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addOutboxStore(ServiceReference<OutboxStore> ref) {
        stores.put(ref, "outbox");
    }

    void removeOutboxStore(ServiceReference<OutboxStore> ref) {
        stores.remove(ref);
    }

    private void warnWhenMissing() {
        for (String store : new String[] {"interaction", "outbox"}) {
            boolean present = stores.entrySet().stream().anyMatch(e -> e.getValue().equals(store)
                    && kind.equals(e.getKey().getProperty(InteractionStore.KIND_PROPERTY)));
            if (!present) {
                LOG.warn("No {} {} store after {} s: the {} stays inactive. For PostgreSQL: crm-store-postgresql-bundle "
                        + "must be installed (bundle/ of the distribution), its connection set (crm.store.postgresql.* "
                        + "framework properties, CRM_DB_* for bin/crm-connector) and its database reachable; its log "
                        + "says which is missing", kind, store, MISSING_WARNING_SECONDS,
                        store.equals("interaction") ? "interaction registry" : "outbox");
            }
        }
    }
}
