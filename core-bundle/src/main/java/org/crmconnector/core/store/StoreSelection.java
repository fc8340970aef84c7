package org.crmconnector.core.store;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.crmconnector.store.InteractionStore;
import org.crmconnector.store.OutboxStore;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's choice of store, in one configuration ({@value #PID}): its
 * {@code store.target} is read, as a reference target, by both the
 * interaction registry and the outbox (they list this PID among theirs), so
 * one edit switches both. This component describes that configuration and
 * says in the log which store is selected, and loudly when the selected kind
 * has no store registered (its bundle is missing, unconfigured, or its
 * database does not answer): the registry and the outbox are inactive then.
 */
@Component(configurationPid = StoreSelection.PID, immediate = true)
@Designate(ocd = StoreSelection.Config.class)
public class StoreSelection {

    public static final String PID = "org.crmconnector.store";
    public static final String EMBEDDED = "(" + InteractionStore.KIND_PROPERTY + "=embedded)";
    public static final String POSTGRESQL = "(" + InteractionStore.KIND_PROPERTY + "=postgresql)";
    /** Without configuration: the embedded store. */
    public static final String DEFAULT_TARGET = EMBEDDED;

    private static final Logger LOG = LoggerFactory.getLogger(StoreSelection.class);
    private static final long MISSING_WARNING_SECONDS = 15;

    @ObjectClassDefinition(name = "CRM connector: store",
            description = "Where this node keeps interactions and outbox items. Embedded: files in the node's data folder, "
                    + "nothing to install, one node. PostgreSQL: a database that several nodes share; configure "
                    + "'CRM connector: PostgreSQL database' too. A change restarts the interaction registry and the "
                    + "outbox on the new store; nothing is copied from the old one.")
    public @interface Config {
        @AttributeDefinition(name = "Store", options = {
                @Option(label = "Embedded (this node only)", value = EMBEDDED),
                @Option(label = "PostgreSQL (shared by a cluster)", value = POSTGRESQL)},
                description = "The store kind, as a filter on the store services' store.kind property.")
        String store_target() default DEFAULT_TARGET;
    }

    private final Map<ServiceReference<?>, String> stores = new ConcurrentHashMap<>();
    private final ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "crm-store-selection");
        t.setDaemon(true);
        return t;
    });
    private volatile String target = DEFAULT_TARGET;

    @Activate
    @Modified
    void configure(Config config) {
        target = config.store_target() == null || config.store_target().isBlank() ? DEFAULT_TARGET
                : config.store_target().trim();
        LOG.info("Interactions and the outbox are kept in the store selected by {}", target);
        checker.schedule(this::warnWhenMissing, MISSING_WARNING_SECONDS, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        checker.shutdownNow();
    }

    // references only (no service objects): watching must not open the embedded stores
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

    /** The kinds of store ("interaction", "outbox") that have a service matching the selection now. */
    Set<String> selectedPresent() {
        String filter = target;
        try {
            var f = FrameworkUtil.createFilter(filter);
            Set<String> present = ConcurrentHashMap.newKeySet();
            stores.forEach((ref, kind) -> {
                if (f.match(ref)) {
                    present.add(kind);
                }
            });
            return present;
        } catch (InvalidSyntaxException e) {
            return Set.of();
        }
    }

    private void warnWhenMissing() {
        Set<String> present = selectedPresent();
        for (String kind : new String[] {"interaction", "outbox"}) {
            if (!present.contains(kind)) {
                LOG.warn("No {} store matches the selected {} after {} s: the {} stays inactive. For PostgreSQL: "
                        + "crm-store-postgresql-bundle must be installed (bundle/ of the distribution), configured "
                        + "(org.crmconnector.store.postgresql) and its database reachable; its log says which is missing",
                        kind, target, MISSING_WARNING_SECONDS, kind.equals("interaction") ? "interaction registry" : "outbox");
            }
        }
    }
}
