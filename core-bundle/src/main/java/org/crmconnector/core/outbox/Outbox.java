package org.crmconnector.core.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.regex.Pattern;

import org.crmconnector.core.metrics.Metrics;
import org.crmconnector.core.metrics.OutboxCount;
import org.crmconnector.core.node.NodeIdentity;
import org.crmconnector.core.routing.AdapterRouter;
import org.crmconnector.store.OutboxItem;
import org.crmconnector.store.OutboxStore;
import org.crmconnector.store.OutboxStoreException;
import org.crmconnector.core.tenant.Tenant;
import org.crmconnector.core.tenant.TenantRegistry;
import org.crmconnector.crm.DispositionUpdate;
import org.crmconnector.crm.InteractionAddition;
import org.crmconnector.crm.InteractionLog;
import org.crmconnector.crm.TriggerEvent;
import org.crmconnector.interaction.Interaction;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable outbox: every log, disposition and trigger bound for a CRM is
 * stored here before the caller is answered, then delivered by workers at
 * least once, in order per interaction, with retries, dead letters and
 * per-tenant limits. Adapters are idempotent by interaction key, which makes
 * the delivery exactly-once in effect.
 * <p>
 * Every method takes the tenant id and touches only that tenant's items, so
 * the HTTP layer can pass the authenticated tenant straight through.
 */
// No @Modified, so an edit restarts the outbox: the workers are fixed when delivery starts, and DS
// cannot apply some values in place and restart for the others. The lease owner is NodeIdentity's id,
// read once: a new id restarts the outbox through that static reference. A restart hands back every
// lease first (close). The store is the node's one store service: only the kind StoreSelection.PROPERTY
// selects is registered.
@Component(service = Outbox.class, configurationPid = Outbox.PID)
@Designate(ocd = OutboxConfig.class)
public class Outbox {

    public static final String PID = "org.crmconnector.outbox";

    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
    /** As for tenant ids in configuration; also keeps the store's composite keys unambiguous. */
    /** How many of a tenant's items the unlogged listing reads at most. */
    static final int UNLOGGED_SCAN = 10_000;
    private static final Pattern TENANT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final OutboxStore store;
    private final boolean ownsStore;
    private final TenantAdapterBinding bindings;
    private final Clock clock;
    private final int maxPending;
    private final Metrics metrics;
    private final Map<String, TenantLane> lanes = new ConcurrentHashMap<>();
    /** Forms for about 4 M characters of logs: a few thousand, a second or more of deliveries under full load. */
    private final RecentLogs recentLogs = new RecentLogs(4_000_000);
    private final DeliveryDispatcher dispatcher;
    private final List<LogOutcomeListener> outcomeListeners = new ArrayList<>();
    private volatile boolean open = true;

    // static: a store going away takes the outbox with it (its close hands the leases back first)
    @Activate
    public Outbox(OutboxConfig config, @Reference(name = "store") OutboxStore store,
            @Reference(name = "tenants") TenantRegistry tenants, @Reference(name = "router") AdapterRouter router,
            @Reference(name = "metrics") Metrics metrics, @Reference(name = "node") NodeIdentity node) {
        this(config, node.id(), store, false,
                tenantId -> tenants.find(tenantId).map(Tenant::adapterInstance).filter(s -> !s.isEmpty()), router,
                Clock.systemUTC(), () -> ThreadLocalRandom.current().nextDouble(), metrics);
    }

    /**
     * Opens the outbox on {@code store}, which it then owns and closes; starts delivering, holding leases as
     * {@code nodeId}. Counts in a registry of its own.
     */
    public Outbox(OutboxConfig config, String nodeId, OutboxStore store, TenantAdapterBinding bindings,
            AdapterRouter router, Clock clock, DoubleSupplier random) {
        this(config, nodeId, store, bindings, router, clock, random, new Metrics());
    }

    /** As above, counting in {@code metrics}. */
    public Outbox(OutboxConfig config, String nodeId, OutboxStore store, TenantAdapterBinding bindings,
            AdapterRouter router, Clock clock, DoubleSupplier random, Metrics metrics) {
        this(config, nodeId, store, true, bindings, router, clock, random, metrics);
    }

    private Outbox(OutboxConfig config, String nodeId, OutboxStore store, boolean ownsStore, TenantAdapterBinding bindings,
            AdapterRouter router, Clock clock, DoubleSupplier random, Metrics metrics) {
        this.metrics = metrics;
        this.store = store;
        this.ownsStore = ownsStore;
        this.bindings = bindings;
        this.clock = clock;
        this.maxPending = Math.max(1, config.tenant_max_pending());
        try {
            this.dispatcher = start(config, nodeId, router, clock, random);
        } catch (RuntimeException e) {
            // an open store holds its file lock; the next activation could not open it
            if (ownsStore) {
                store.close();
            }
            throw e;
        }
    }

    private DeliveryDispatcher start(OutboxConfig config, String nodeId, AdapterRouter router, Clock clock,
            DoubleSupplier random) {
        // nothing of ours runs yet, so leases this node id still holds are from before a crash: take them back now
        int recovered = store.releaseAll(nodeId);
        store.backlog().forEach((tenantId, backlog) -> lane(tenantId).undelivered.set(backlog.pending()));
        LOG.info("Outbox started as node '{}': {} tenants with work, {} items recovered from an unclean stop", nodeId,
                lanes.size(), recovered);
        RetryBackoff backoff = new RetryBackoff(config.backoff_base_millis(), config.backoff_max_millis(),
                config.backoff_jitter(), random);
        DeliveryDispatcher started = new DeliveryDispatcher(config, nodeId, store, bindings, router, clock, backoff,
                metrics, lanes, recentLogs);
        started.start();
        return started;
    }

    /**
     * Log outcome listeners come and go with their bundles; the dispatcher
     * reads the current list on each outcome, so one arriving or leaving at
     * any moment is safe.
     */
    @Reference(service = LogOutcomeListener.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addLogOutcomeListener(LogOutcomeListener listener) {
        synchronized (outcomeListeners) {
            outcomeListeners.add(listener);
            dispatcher.outcomeListeners = List.copyOf(outcomeListeners);
        }
    }

    void removeLogOutcomeListener(LogOutcomeListener listener) {
        synchronized (outcomeListeners) {
            outcomeListeners.remove(listener);
            dispatcher.outcomeListeners = List.copyOf(outcomeListeners);
        }
    }

    /**
     * Stops delivering, for a node that drains before it stops: claims
     * nothing more, lets running deliveries finish for at most {@code wait},
     * hands every lease back. Work enqueued later stays stored, for the next
     * start or another node. {@link #close} then only closes the store.
     */
    public void drain(Duration wait) {
        dispatcher.stop(wait);
    }

    @Deactivate
    public void close() {
        if (!open) {
            return;
        }
        open = false;
        dispatcher.stop();
        if (ownsStore) {
            store.close();
        }
    }

    /**
     * Stores work for the tenant's CRM and returns its id once it is on disk;
     * only then may the caller be told it was accepted. A log whose
     * interaction already has a log waiting undelivered takes that item's
     * place, with its id.
     *
     * @param orderingKey the interaction key; items of one key are delivered in
     *            the order enqueued. Null or blank: the payload's own key.
     * @param payload an {@link InteractionLog}, {@link DispositionUpdate},
     *            {@link TriggerEvent} or {@link InteractionAddition}, as {@code kind} says
     * @throws OutboxFullException when the tenant is at its pending limit
     * @throws IllegalArgumentException when the payload does not fit the kind
     * @throws OutboxStoreException when the store cannot take it
     */
    public long enqueue(String tenantId, OutboxItem.Kind kind, String orderingKey, Object payload) {
        checkTenant(tenantId);
        if (kind == null || payload == null) {
            throw new IllegalArgumentException("kind and payload are required");
        }
        if (!kind.payloadType().isInstance(payload)) {
            throw new IllegalArgumentException("A " + kind + " item needs a " + kind.payloadType().getSimpleName()
                    + ", not a " + payload.getClass().getSimpleName());
        }
        String key = orderingKey == null || orderingKey.isBlank() ? keyOf(payload) : orderingKey;
        StoredPayload.LogForm logForm = payload instanceof InteractionLog log ? StoredPayload.LogForm.of(log) : null;
        String json = logForm != null ? OutboxJson.write(logForm) : StoredPayload.write(payload);
        if (!open) {
            throw new OutboxStoreException("The outbox is stopped");
        }
        if (kind == OutboxItem.Kind.LOG) {
            // a newer log of the same interaction replaces one nobody has sent yet: one CRM write, not two
            OptionalLong merged = store.supersede(tenantId, kind, key, json);
            if (merged.isPresent()) {
                recentLogs.put(tenantId, key, json, logForm);
                metrics.outbox(OutboxCount.MERGED, 1);
                return merged.getAsLong();
            }
        }
        TenantLane lane = lane(tenantId);
        if (!lane.reserve(maxPending)) {
            metrics.outbox(OutboxCount.REFUSED, 1);
            throw new OutboxFullException(tenantId, maxPending);
        }
        long id;
        try {
            id = store.append(new OutboxItem(tenantId, kind, key, json, clock.instant()));
        } catch (RuntimeException e) {
            lane.itemGone();
            throw e;
        }
        if (logForm != null) {
            recentLogs.put(tenantId, key, json, logForm);
        }
        metrics.outbox(OutboxCount.ENQUEUED, 1);
        lane.markDirty();
        dispatcher.signal();
        return id;
    }

    /**
     * Whether a log of the interaction key waits in the outbox, pending or as a dead letter: an
     * addition stored now is delivered after it.
     */
    public boolean logWaiting(String tenantId, String logKey) {
        checkTenant(tenantId);
        return store.items(tenantId, logKey, AdapterCall.MAX_ITEMS_OF_KEY).stream()
                .anyMatch(i -> i.kind == OutboxItem.Kind.LOG);
    }

    /**
     * When a log of the interaction key last reached the CRM, as long as the outbox remembers
     * (its record reference retention); empty when it never did or is forgotten.
     */
    public Optional<Instant> logReachedCrmAt(String tenantId, String logKey) {
        checkTenant(tenantId);
        Optional<Instant> withRecord = store.savedRecordRef(tenantId, logKey).map(OutboxStore.SavedRecordRef::savedAt);
        Optional<Instant> without = store.savedRecordRef(tenantId, loggedMarkerKey(logKey))
                .map(OutboxStore.SavedRecordRef::savedAt);
        return withRecord.isEmpty() ? without : without.isEmpty() ? withRecord
                : Optional.of(withRecord.get().isAfter(without.get()) ? withRecord.get() : without.get());
    }

    /** Whether this addition (by its key) was delivered, or waits to be: storing it again would add nothing. */
    public boolean additionKnown(String tenantId, InteractionAddition addition) {
        checkTenant(tenantId);
        if (store.savedRecordRef(tenantId, addition.key()).isPresent()) {
            return true;
        }
        for (OutboxItem item : store.items(tenantId, addition.logKey(), AdapterCall.MAX_ITEMS_OF_KEY)) {
            if (item.kind == OutboxItem.Kind.ADDITION) {
                try {
                    if (addition.additionKey.equals(StoredPayload.readAddition(item.payload).additionKey)) {
                        return true;
                    }
                } catch (IllegalArgumentException unreadable) {
                    // a payload that no longer reads is no addition of this key
                }
            }
        }
        return false;
    }

    /** A log not (yet) in the CRM: its outbox item, and the interaction as logged (null if it does not read). */
    public record Unlogged(OutboxItem item, Interaction interaction) {
    }

    /**
     * The tenant's logs not in the CRM, oldest first, at most {@code limit}: waiting to be delivered
     * (perhaps retrying, with the CRM's last error) and dead letters (given up, or refused by the CRM).
     */
    public List<Unlogged> unlogged(String tenantId, int limit) {
        checkTenant(tenantId);
        List<Unlogged> out = new ArrayList<>();
        if (limit <= 0) {
            return out; // no read of up to UNLOGGED_SCAN items for nothing
        }
        for (OutboxItem item : store.items(tenantId, null, UNLOGGED_SCAN)) {
            if (item.kind != OutboxItem.Kind.LOG) {
                continue;
            }
            if (out.size() == limit) {
                break;
            }
            Interaction interaction;
            try {
                interaction = StoredPayload.readLog(item.payload).interaction;
            } catch (IllegalArgumentException unreadable) {
                interaction = null;
            }
            item.payload = null;
            out.add(new Unlogged(item, interaction));
        }
        return out;
    }

    /** The key under which a log's reaching the CRM is remembered when the adapter named no record. */
    static String loggedMarkerKey(String logKey) {
        // addition keys are never empty, so no addition is remembered under this key
        return logKey + "/";
    }

    /** The tenant's dead letters, oldest first, each with the CRM's last error. */
    public List<OutboxItem> deadLetters(String tenantId) {
        checkTenant(tenantId);
        return store.deadLetters(tenantId);
    }

    /** Sends one of the tenant's dead letters again with fresh attempts; false when the tenant has no such item. */
    public boolean retryDeadLetter(String tenantId, long id) {
        checkTenant(tenantId);
        boolean retried = store.retryDeadLetter(tenantId, id, clock.instant());
        if (retried) {
            revived(tenantId, 1);
        }
        return retried;
    }

    /** Deletes one of the tenant's dead letters for good; false when the tenant has no such item. */
    public boolean discardDeadLetter(String tenantId, long id) {
        checkTenant(tenantId);
        return store.discardDeadLetter(tenantId, id);
    }

    /** Sends all of the tenant's dead letters again; returns how many. */
    public int retryAll(String tenantId) {
        checkTenant(tenantId);
        int retried = store.retryAllDeadLetters(tenantId, clock.instant());
        if (retried > 0) {
            revived(tenantId, retried);
        }
        return retried;
    }

    /** Revived items count against the pending limit but are never refused: an operator asked for them. */
    private void revived(String tenantId, int count) {
        TenantLane lane = lane(tenantId);
        lane.undelivered.addAndGet(count);
        lane.markDirty();
        dispatcher.signal();
    }

    /** One tenant's figures. */
    public TenantStats stats(String tenantId) {
        checkTenant(tenantId);
        return stats(tenantId, store.backlog().get(tenantId), clock.instant());
    }

    /** Every tenant's figures, by tenant id; for the operator, never for a tenant's own API. */
    public Map<String, TenantStats> stats() {
        Map<String, OutboxStore.Backlog> backlog = store.backlog();
        TreeSet<String> tenantIds = new TreeSet<>(lanes.keySet());
        tenantIds.addAll(backlog.keySet());
        Instant now = clock.instant();
        Map<String, TenantStats> result = new LinkedHashMap<>();
        tenantIds.forEach(id -> result.put(id, stats(id, backlog.get(id), now)));
        return result;
    }

    /** Counters since start, the store's included. */
    public Map<String, Long> metrics() {
        Map<String, Long> all = new LinkedHashMap<>(metrics.outboxCounts());
        all.putAll(store.metrics());
        return all;
    }

    /** Look for due work now rather than at the next poll; the tests' injected clock needs it. */
    void wakeUp() {
        dispatcher.wakeUp();
    }

    private TenantStats stats(String tenantId, OutboxStore.Backlog backlog, Instant now) {
        TenantLane lane = lanes.get(tenantId);
        String instance = bindings.adapterInstance(tenantId).orElse("");
        String breaker = instance.isEmpty() ? "" : dispatcher.existingBreaker(instance)
                .map(b -> b.state(now).name()).orElse(CircuitBreaker.State.CLOSED.name());
        Duration oldestAge = backlog == null || backlog.oldestPendingCreatedAt() == null ? Duration.ZERO
                : Duration.between(backlog.oldestPendingCreatedAt(), now);
        return new TenantStats(tenantId, backlog == null ? 0 : backlog.pending(), lane == null ? 0 : lane.inFlight(),
                oldestAge.isNegative() ? Duration.ZERO : oldestAge, lane == null ? 0 : lane.delivered.sum(),
                lane == null ? 0 : lane.failed.sum(), backlog == null ? 0 : backlog.dead(), instance, breaker);
    }

    private TenantLane lane(String tenantId) {
        return lanes.computeIfAbsent(tenantId, TenantLane::new);
    }

    private static void checkTenant(String tenantId) {
        if (tenantId == null || !TENANT_ID.matcher(tenantId).matches()) {
            throw new IllegalArgumentException("Not a tenant id: " + tenantId);
        }
    }

    /** The interaction key: the log, its disposition and its triggers share it and so keep their order. */
    private static String keyOf(Object payload) {
        if (payload instanceof InteractionAddition addition) {
            if (addition.interactionId == null) {
                throw new IllegalArgumentException("The addition names no interaction, so it has no ordering key");
            }
            return addition.logKey();
        }
        Interaction interaction = payload instanceof InteractionLog log ? log.interaction
                : payload instanceof DispositionUpdate update ? update.interaction
                : ((TriggerEvent) payload).interaction;
        if (interaction == null || interaction.interactionId == null) {
            throw new IllegalArgumentException("The payload names no interaction, so it has no ordering key");
        }
        return new InteractionLog(interaction, null).key();
    }
}
