package org.crmconnector.core.lifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

import org.crmconnector.core.lifecycle.LifecycleException.Code;
import org.crmconnector.core.schedule.PeriodicTask;
import org.crmconnector.core.store.StoreSelection;
import org.crmconnector.interaction.Interaction;
import org.crmconnector.interaction.InteractionState;
import org.crmconnector.store.InteractionStore;
import org.crmconnector.store.SharedInteractionStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live interactions of every tenant and their lifecycle (seed 003):
 * offered, then accepted or rejected, then ended, then finished. Each tenant
 * has its own map, so no lookup can cross tenants. Every change happens under
 * the interaction's own lock and either completes or changes nothing.
 * <p>
 * Finished and rejected interactions lose their data at once and leave a
 * tombstone for the grace period, so late calls get a clear "finished".
 * <p>
 * Every change is saved to the {@link InteractionStore} before the method
 * returns, so what a caller was told survives a crash: on start the registry
 * rebuilds itself from the store, live interactions with all their data and
 * tombstones alike. A change the store cannot take fails and changes nothing.
 * <p>
 * On a {@link SharedInteractionStore} (several nodes, one database) memory
 * is no longer the truth, since each event of a call may reach another node:
 * every request then reads the interaction from the store and changes it
 * under the store's lock for it ({@link SharedInteractions}).
 * <p>
 * The store is the one store service of the node: only the kind the
 * framework property {@value StoreSelection#PROPERTY} selects is ever
 * registered ({@link StoreSelection}); until it is there the registry is not
 * active.
 */
@Component(service = InteractionRegistry.class, configurationPid = InteractionRegistry.PID)
@Designate(ocd = InteractionRegistryConfig.class)
public class InteractionRegistry {

    public static final String PID = "org.crmconnector.lifecycle";

    private static final Logger LOG = LoggerFactory.getLogger(InteractionRegistry.class);

    private final Clock clock;
    private final InteractionStore store;
    private final boolean ownsStore;
    /** Null on a store of this node's own. */
    private final SharedInteractions shared;
    private final InteractionCodec codec = new InteractionCodec();
    private final Map<String, TenantInteractions> tenants = new ConcurrentHashMap<>();
    private volatile Duration grace;
    private volatile Duration stale;
    private volatile InteractionLimits limits;

    private PeriodicTask sweeper;

    // static: a store going away takes the registry with it
    @Activate
    public InteractionRegistry(InteractionRegistryConfig config,
            @Reference(name = "store") InteractionStore store) {
        this(config, Clock.systemUTC(), store, false);
        sweeper = PeriodicTask.start("crm-interaction-sweeper", Duration.ofSeconds(30), "Sweeping finished interactions",
                this::sweep);
    }

    @Deactivate
    void deactivate() {
        if (sweeper != null) {
            sweeper.close();
        }
        if (ownsStore) {
            store.close();
        }
    }

    /** A registry on {@code store}, which it rebuilds itself from now and closes on deactivation. */
    public InteractionRegistry(InteractionRegistryConfig config, Clock clock, InteractionStore store) {
        this(config, clock, store, true);
    }

    private InteractionRegistry(InteractionRegistryConfig config, Clock clock, InteractionStore store, boolean ownsStore) {
        this.clock = clock;
        this.store = store;
        this.ownsStore = ownsStore;
        modified(config);
        if (store instanceof SharedInteractionStore s) {
            this.shared = new SharedInteractions(s, codec, clock, () -> limits);
            LOG.info("Interaction registry on a shared store: every change is made in the store, under its lock");
        } else {
            this.shared = null;
            load();
        }
    }

    // the data folder is read once: moving the store of a running registry is a restart, not an edit
    @Modified
    void modified(InteractionRegistryConfig config) {
        this.grace = Duration.ofSeconds(Math.max(0, config.finished_grace_seconds()));
        this.stale = Duration.ofSeconds(Math.max(60, config.stale_seconds()));
        this.limits = InteractionLimits.of(config);
    }

    /** What one interaction may hold; a change that grows past it is refused. */
    public InteractionLimits limits() {
        return limits;
    }

    /** How long a live interaction may go without an event before it is abandoned. */
    public Duration staleTimeout() {
        return stale;
    }

    private void load() {
        int[] counts = new int[2];
        store.forEach(stored -> {
            Entry e = new Entry();
            e.state = stored.state();
            e.touched = stored.touched();
            if (!e.state.isFinal()) {
                try {
                    InteractionCodec.Stored read = codec.read(stored);
                    e.data = read.interaction();
                    e.popOwed = read.popOwedSince();
                } catch (IllegalArgumentException ex) {
                    // left in the store for an operator to inspect; it must not keep the others away
                    LOG.error("Interaction {} of tenant {} cannot be read and is skipped: {}", stored.interactionId(),
                            stored.tenantId(), ex.getMessage());
                    return;
                }
            }
            TenantInteractions t = tenants.computeIfAbsent(stored.tenantId(), k -> new TenantInteractions());
            t.byId.put(stored.interactionId(), e);
            if (!e.state.isFinal()) {
                t.live.incrementAndGet();
                t.liveIds.add(stored.interactionId());
                counts[0]++;
            } else {
                counts[1]++;
            }
        });
        LOG.info("Interaction registry restored {} live interactions and {} finished ones", counts[0], counts[1]);
    }

    /** A tombstone keeps neither data nor an owed pop. */
    private InteractionStore.Entry stored(String tenantId, String interactionId, InteractionState state, Instant touched,
            Interaction data, Instant popOwed) {
        return state.isFinal() ? new InteractionStore.Entry(tenantId, interactionId, state, touched, null)
                : new InteractionStore.Entry(tenantId, interactionId, state, touched, codec.encode(data), popOwed);
    }

    /** Since when the pop of {@code working} is owed: now when the change pops, else as it was. */
    private static Instant owedAfter(Interaction working, Predicate<Interaction> popsNow, Instant current, Instant now) {
        return popsNow != null && popsNow.test(working) ? now : current;
    }

    private static final class Entry {
        Interaction data;
        InteractionState state;
        Instant touched;
        /** Since when its screen pop is owed to the agent; null when none is. */
        Instant popOwed;
    }

    private static final class TenantInteractions {
        final Map<String, Entry> byId = new ConcurrentHashMap<>();
        final AtomicInteger live = new AtomicInteger();
        /**
         * The ids of the live ones among {@link #byId}, for the sweeps that
         * look at live interactions only: the tombstones of a busy tenant's
         * grace period outnumber its live calls by far, and walking them
         * every round cost more than the calls themselves. Added once a
         * creation is saved, removed under the entry's lock as it ends.
         */
        final Set<String> liveIds = ConcurrentHashMap.newKeySet();

        /** Each live entry with its id; an id whose entry just went is skipped (the callers check under its lock). */
        void forEachLive(BiConsumer<String, Entry> action) {
            for (String id : liveIds) {
                Entry e = byId.get(id);
                if (e != null) {
                    action.accept(id, e);
                }
            }
        }
    }

    /**
     * Creates an interaction in state {@code initial} (OFFERED, or ACCEPTED for
     * an agent's own outbound call). A finished one with the same id may be
     * replaced: sources reuse ids only for a new conversation.
     */
    public Interaction create(String tenantId, String interactionId, InteractionState initial, int maxLive,
            Consumer<Interaction> init) {
        return create(tenantId, interactionId, initial, maxLive, init, null);
    }

    /**
     * As {@link #create(String, String, InteractionState, int, Consumer)};
     * when {@code popsNow} holds for the new interaction, its screen pop is
     * recorded as owed (since now) by the same durable save, so it is owed
     * before the event is answered at no extra write: should this node die
     * before publishing the pop, {@link #claimOwedPops} finds it on any node.
     */
    public Interaction create(String tenantId, String interactionId, InteractionState initial, int maxLive,
            Consumer<Interaction> init, Predicate<Interaction> popsNow) {
        return create(tenantId, interactionId, initial, maxLive, init, popsNow, created -> { });
    }

    /**
     * As {@link #create(String, String, InteractionState, int, Consumer, Predicate)},
     * handing the new interaction to {@code meanwhile} as soon as it is
     * written, while the store makes it durable (on a store that cannot tell
     * the two apart, once it is durable): its screen pop starts without
     * waiting for the disk. The event is still answered only once it is
     * durable; should that fail, the agent may have seen the pop of a call
     * the softphone then sends again.
     */
    public Interaction create(String tenantId, String interactionId, InteractionState initial, int maxLive,
            Consumer<Interaction> init, Predicate<Interaction> popsNow, Consumer<Interaction> meanwhile) {
        Instant now = clock.instant();
        Interaction data = newInteraction(tenantId, interactionId, initial, now, init, limits);
        Instant popOwed = owedAfter(data, popsNow, null, now);
        if (shared != null) {
            Interaction created = shared.create(data, maxLive, now, popOwed);
            // each its own copy, as on the embedded store: the pop hands its copy to an adapter
            runMeanwhile(meanwhile, Interactions.copy(created));
            return created;
        }
        TenantInteractions t = tenants.computeIfAbsent(tenantId, k -> new TenantInteractions());
        Entry fresh = new Entry();
        fresh.data = data;
        fresh.state = initial;
        fresh.touched = now;
        fresh.popOwed = popOwed;
        if (t.live.incrementAndGet() > maxLive) {
            t.live.decrementAndGet();
            throw new LifecycleException(Code.TOO_MANY_INTERACTIONS,
                    "tenant " + tenantId + " already has " + maxLive + " live interactions");
        }
        // locked before anyone can see it: whoever finds it waits until it is saved, or gone again
        synchronized (fresh) {
            Entry replaced = null;
            for (;;) {
                Entry existing = t.byId.putIfAbsent(interactionId, fresh);
                if (existing == null) {
                    break;
                }
                synchronized (existing) {
                    if (!existing.state.isFinal()) {
                        t.live.decrementAndGet();
                        throw new LifecycleException(Code.INTERACTION_EXISTS,
                                "interaction " + interactionId + " already exists in state " + existing.state);
                    }
                    if (t.byId.replace(interactionId, existing, fresh)) {
                        replaced = existing;
                        break;
                    }
                }
                // the tombstone was swept or replaced meanwhile: look again
            }
            try {
                store.saveWhile(stored(tenantId, interactionId, initial, now, data, popOwed),
                        () -> runMeanwhile(meanwhile, Interactions.copy(data)));
                t.liveIds.add(interactionId);
            } catch (RuntimeException e) {
                if (replaced != null) {
                    t.byId.replace(interactionId, fresh, replaced);
                } else {
                    t.byId.remove(interactionId, fresh);
                }
                t.live.decrementAndGet();
                throw e;
            }
        }
        return Interactions.copy(data);
    }

    /** What runs beside a save must not fail it: the change is the client's, the rest is ours. */
    private static void runMeanwhile(Consumer<Interaction> meanwhile, Interaction created) {
        try {
            meanwhile.accept(created);
        } catch (RuntimeException e) {
            LOG.warn("Interaction {}: what runs beside its creation failed: {}", created.interactionId, e.toString());
        }
    }

    /** A new interaction's data, checked against the limits. */
    static Interaction newInteraction(String tenantId, String interactionId, InteractionState initial, Instant now,
            Consumer<Interaction> init, InteractionLimits limits) {
        Interaction data = new Interaction();
        data.tenantId = tenantId;
        data.interactionId = interactionId;
        data.state = initial;
        data.startTime = now;
        if (initial == InteractionState.ACCEPTED) {
            data.establishedTime = now;
        }
        init.accept(data);
        data.tenantId = tenantId;
        data.interactionId = interactionId;
        data.state = initial;
        limits.check(null, data);
        return data;
    }

    /** Sets the state and the times a move to {@code to} sets. */
    static void enterState(Interaction working, InteractionState to, Instant now) {
        working.state = to;
        switch (to) {
            case ACCEPTED -> working.establishedTime = working.establishedTime == null ? now : working.establishedTime;
            case ENDED -> working.endTime = working.endTime == null ? now : working.endTime;
            case FINISHED, REJECTED -> {
                working.endTime = working.endTime == null ? now : working.endTime;
                working.finishedTime = now;
                if (working.acwDurationSeconds == null && to == InteractionState.FINISHED) {
                    working.acwDurationSeconds = Duration.between(working.endTime, now).toSeconds();
                }
            }
            default -> { }
        }
    }

    /**
     * Moves an interaction from one of {@code from} to {@code to}, applying
     * {@code change} to its data first. Returns the snapshot after the change.
     */
    public Interaction transition(String tenantId, String interactionId, Set<InteractionState> from,
            InteractionState to, Consumer<Interaction> change) {
        return transition(tenantId, interactionId, from, to, change, done -> { });
    }

    /**
     * As {@link #transition(String, String, Set, InteractionState, Consumer)},
     * and hands the final snapshot to {@code beforeCommit} while the
     * interaction is still locked. If it throws, nothing changes: this is how
     * a log is stored durably before its interaction is allowed to finish.
     */
    public Interaction transition(String tenantId, String interactionId, Set<InteractionState> from,
            InteractionState to, Consumer<Interaction> change, Consumer<Interaction> beforeCommit) {
        return transition(tenantId, interactionId, from, to, change, beforeCommit, null);
    }

    /**
     * As {@link #transition(String, String, Set, InteractionState, Consumer, Consumer)};
     * when {@code popsNow} holds for the interaction after the change, its
     * screen pop is recorded as owed (since now) by the same durable save,
     * as {@link #create(String, String, InteractionState, int, Consumer, Predicate) create} does.
     */
    public Interaction transition(String tenantId, String interactionId, Set<InteractionState> from,
            InteractionState to, Consumer<Interaction> change, Consumer<Interaction> beforeCommit,
            Predicate<Interaction> popsNow) {
        return transition(tenantId, interactionId, from, to, null, change, beforeCommit, popsNow).orElseThrow();
    }

    /**
     * As {@link #transition(String, String, Set, InteractionState, Consumer, Consumer)}
     * when the interaction is in {@code from} and has had no change since
     * {@code idleBefore}; empty (and nothing changed) when it moved on
     * meanwhile. For timeouts, which must never cut short a live interaction.
     */
    public Optional<Interaction> transitionIfIdle(String tenantId, String interactionId, Set<InteractionState> from,
            InteractionState to, Instant idleBefore, Consumer<Interaction> change, Consumer<Interaction> beforeCommit) {
        try {
            return transition(tenantId, interactionId, from, to, idleBefore, change, beforeCommit, null);
        } catch (LifecycleException gone) {
            return Optional.empty();
        }
    }

    private Optional<Interaction> transition(String tenantId, String interactionId, Set<InteractionState> from,
            InteractionState to, Instant idleBefore, Consumer<Interaction> change, Consumer<Interaction> beforeCommit,
            Predicate<Interaction> popsNow) {
        if (shared != null) {
            return shared.transition(tenantId, interactionId, from, to, idleBefore, change, beforeCommit, popsNow);
        }
        for (;;) {
            Entry e = entry(tenantId, interactionId);
            synchronized (e) {
                if (!isCurrent(tenantId, interactionId, e)) {
                    continue;
                }
                checkLive(e, interactionId);
                if (idleBefore != null && (!from.contains(e.state) || e.touched.isAfter(idleBefore))) {
                    return Optional.empty();
                }
                if (!from.contains(e.state)) {
                    throw new LifecycleException(Code.ILLEGAL_TRANSITION, "interaction " + interactionId + " is "
                            + e.state.name().toLowerCase() + "; it cannot become " + to.name().toLowerCase());
                }
                Interaction working = Interactions.copy(e.data);
                change.accept(working);
                limits.check(e.data, working);
                Instant now = clock.instant();
                enterState(working, to, now);
                // the log before the state: a crash between the two leaves a live interaction whose
                // repeated event stores the log again, under the same key, never a state without its log
                // (the embedded store makes both durable with one commit, the log's record first)
                Interaction forLog = to.isFinal() ? working : Interactions.copy(working);
                Instant popOwed = to.isFinal() ? null : owedAfter(working, popsNow, e.popOwed, now);
                store.save(stored(tenantId, interactionId, to, now, working, popOwed),
                        () -> beforeCommit.accept(forLog));
                e.touched = now;
                e.state = to;
                e.popOwed = popOwed;
                if (to.isFinal()) {
                    e.data = null;
                    TenantInteractions t = tenants.get(tenantId);
                    t.live.decrementAndGet();
                    t.liveIds.remove(interactionId);
                } else {
                    e.data = working;
                }
                return Optional.of(to.isFinal() ? working : Interactions.copy(working));
            }
        }
    }

    /** Changes a live interaction's data without a state change. */
    public Interaction update(String tenantId, String interactionId, Consumer<Interaction> change) {
        return update(tenantId, interactionId, change, true);
    }

    /**
     * As {@link #update} for data that is no client's acknowledged change (a
     * lookup's matches): kept at once, saved with the next group commit
     * without waiting for it, so it holds up nobody's screen pop.
     */
    public Interaction updateSoon(String tenantId, String interactionId, Consumer<Interaction> change) {
        return update(tenantId, interactionId, change, false);
    }

    private Interaction update(String tenantId, String interactionId, Consumer<Interaction> change, boolean durable) {
        return update(tenantId, interactionId, change, durable, owed -> owed);
    }

    /**
     * As {@link #updateSoon} once the interaction's pop is published: it is
     * owed no more. Saved with the next group commit; a crash before it
     * shows the pop once more, never loses it.
     */
    public Interaction popShown(String tenantId, String interactionId, Consumer<Interaction> change) {
        return update(tenantId, interactionId, change, false, owed -> null);
    }

    /**
     * The live interactions whose pop has been owed for longer than
     * {@code owedFor} (the node that owed it died, or its lookup never got
     * to publish), every tenant in one pass, for the sweep that redoes lost
     * pops. Each one its tenant's test accepts is claimed: its owed time
     * becomes now, under the interaction's lock (on a shared store, its row
     * lock), so only one caller (one node) gets it, and whoever claims it
     * must pop it. One it refuses (the call moved on) is owed no more. On a shared
     * store one read finds the candidates of all tenants, where a pass per
     * tenant would cost a query per tenant every round. {@code wantedOf}
     * gives a tenant's test, or null to leave the tenant's pops as they are
     * (its configuration is away: they wait for it).
     *
     * @return the claimed interactions by tenant; tenants with none are left out
     */
    public Map<String, List<Interaction>> claimOwedPops(Duration owedFor,
            Function<String, Predicate<Interaction>> wantedOf) {
        Instant now = clock.instant();
        Instant owedBefore = now.minus(owedFor);
        if (shared != null) {
            return shared.claimOwedPops(owedBefore, now, wantedOf);
        }
        Map<String, List<Interaction>> claimed = new LinkedHashMap<>();
        for (String tenantId : tenants.keySet()) {
            Predicate<Interaction> wanted = wantedOf.apply(tenantId);
            List<Interaction> ones = wanted == null ? List.of() : claimOwedPopsInMemory(tenantId, owedBefore, now, wanted);
            if (!ones.isEmpty()) {
                claimed.put(tenantId, ones);
            }
        }
        return claimed;
    }

    private List<Interaction> claimOwedPopsInMemory(String tenantId, Instant owedBefore, Instant now,
            Predicate<Interaction> wanted) {
        TenantInteractions t = tenants.get(tenantId);
        List<Interaction> claimed = new ArrayList<>();
        if (t == null) {
            return claimed;
        }
        t.forEachLive((id, e) -> {
            synchronized (e) {
                if (!isCurrent(tenantId, id, e) || e.state.isFinal() || e.popOwed == null
                        || !e.popOwed.isBefore(owedBefore)) {
                    return;
                }
                Interaction owed = Interactions.copy(e.data);
                Instant popOwed = wanted.test(Interactions.copy(owed)) ? now : null;
                // the claim is durable before anyone pops: a second node or a restart finds it claimed
                store.save(stored(tenantId, id, e.state, e.touched, e.data, popOwed));
                e.popOwed = popOwed;
                if (popOwed != null) {
                    claimed.add(owed);
                }
            }
        });
        return claimed;
    }

    /**
     * Applies {@code change} (null: none, and the interaction is not touched)
     * and sets its owed pop to what {@code owed} makes of the current one.
     */
    private Interaction update(String tenantId, String interactionId, Consumer<Interaction> change, boolean durable,
            UnaryOperator<Instant> owed) {
        if (shared != null) {
            return shared.update(tenantId, interactionId, change, owed);
        }
        for (;;) {
            Entry e = entry(tenantId, interactionId);
            synchronized (e) {
                if (!isCurrent(tenantId, interactionId, e)) {
                    continue;
                }
                checkLive(e, interactionId);
                Interaction working = Interactions.copy(e.data);
                Instant touched = e.touched;
                if (change != null) {
                    change.accept(working);
                    limits.check(e.data, working);
                    touched = clock.instant();
                }
                Instant popOwed = owed.apply(e.popOwed);
                InteractionStore.Entry saved = stored(tenantId, interactionId, e.state, touched, working, popOwed);
                if (durable) {
                    store.save(saved);
                } else {
                    store.saveSoon(saved);
                }
                e.data = working;
                e.touched = touched;
                e.popOwed = popOwed;
                return Interactions.copy(working);
            }
        }
    }

    public Interaction get(String tenantId, String interactionId) {
        if (shared != null) {
            return shared.get(tenantId, interactionId);
        }
        for (;;) {
            Entry e = entry(tenantId, interactionId);
            synchronized (e) {
                if (!isCurrent(tenantId, interactionId, e)) {
                    continue;
                }
                checkLive(e, interactionId);
                return Interactions.copy(e.data);
            }
        }
    }

    /** Whether the id is known to the tenant (live or recently finished). */
    public boolean knows(String tenantId, String interactionId) {
        if (shared != null) {
            return shared.knows(tenantId, interactionId);
        }
        TenantInteractions t = tenants.get(tenantId);
        return t != null && t.byId.containsKey(interactionId);
    }

    public List<Interaction> list(String tenantId) {
        if (shared != null) {
            return shared.idleSince(tenantId, null, EnumSet.complementOf(EnumSet.of(InteractionState.FINISHED,
                    InteractionState.REJECTED)));
        }
        TenantInteractions t = tenants.get(tenantId);
        List<Interaction> out = new ArrayList<>();
        if (t != null) {
            t.forEachLive((id, e) -> {
                synchronized (e) {
                    if (!e.state.isFinal()) {
                        out.add(Interactions.copy(e.data));
                    }
                }
            });
        }
        out.sort((a, b) -> a.startTime.compareTo(b.startTime));
        return out;
    }

    public int liveCount(String tenantId) {
        if (shared != null) {
            return shared.liveCount(tenantId);
        }
        TenantInteractions t = tenants.get(tenantId);
        return t == null ? 0 : t.live.get();
    }

    /**
     * The tenant's live interactions in one of {@code states} with no change
     * since {@code before}, oldest first; for the timeouts that end what
     * nobody ends. Only those are copied: a long call in progress costs a
     * check, not a copy.
     */
    public List<Interaction> idleSince(String tenantId, Instant before, Set<InteractionState> states) {
        if (shared != null) {
            return shared.idleSince(tenantId, before, states);
        }
        TenantInteractions t = tenants.get(tenantId);
        List<Interaction> out = new ArrayList<>();
        if (t != null) {
            t.forEachLive((id, e) -> {
                synchronized (e) {
                    if (!e.state.isFinal() && states.contains(e.state) && e.touched.isBefore(before)) {
                        out.add(Interactions.copy(e.data));
                    }
                }
            });
        }
        out.sort((a, b) -> a.startTime.compareTo(b.startTime));
        return out;
    }

    /**
     * As {@link #idleSince(String, Instant, Set)} for every tenant with a
     * cut-off in {@code idleBefore} (each its own), in one pass: on a shared
     * store one read for all tenants, where a pass per tenant would cost a
     * query per tenant every round. Tenants without a cut-off are left out.
     *
     * @return the idle interactions by tenant, oldest first; tenants with none are left out
     */
    public Map<String, List<Interaction>> idleSince(Map<String, Instant> idleBefore, Set<InteractionState> states) {
        if (shared != null) {
            return shared.idleSince(idleBefore, states);
        }
        Map<String, List<Interaction>> idle = new LinkedHashMap<>();
        for (String tenantId : tenants.keySet()) {
            Instant before = idleBefore.get(tenantId);
            List<Interaction> ones = before == null ? List.of() : idleSince(tenantId, before, states);
            if (!ones.isEmpty()) {
                idle.put(tenantId, ones);
            }
        }
        return idle;
    }

    /**
     * Forgets tombstones past the grace period. Live interactions are never
     * dropped here: the timeouts end and log them.
     */
    public int sweep() {
        Instant now = clock.instant();
        if (shared != null) {
            return shared.sweep(now.minus(grace));
        }
        int removed = 0;
        for (Map.Entry<String, TenantInteractions> te : tenants.entrySet()) {
            TenantInteractions t = te.getValue();
            for (Map.Entry<String, Entry> me : t.byId.entrySet()) {
                Entry e = me.getValue();
                synchronized (e) {
                    if (e.state.isFinal() && e.touched.plus(grace).isBefore(now) && t.byId.remove(me.getKey(), e)) {
                        store.remove(te.getKey(), me.getKey());
                        removed++;
                    }
                }
            }
        }
        return removed;
    }

    private Entry entry(String tenantId, String interactionId) {
        TenantInteractions t = tenants.get(tenantId);
        Entry e = t == null || interactionId == null ? null : t.byId.get(interactionId);
        if (e == null) {
            throw new LifecycleException(Code.INTERACTION_NOT_FOUND, "no interaction " + interactionId);
        }
        return e;
    }

    /**
     * Whether {@code e}, looked up before its lock was taken, is still the
     * tenant's entry for the id. The sweeper may have dropped it (or a create
     * replaced its tombstone) in between; acting on such an orphan would
     * count it out of the live count twice or lose the change silently.
     */
    private boolean isCurrent(String tenantId, String interactionId, Entry e) {
        TenantInteractions t = tenants.get(tenantId);
        return t != null && t.byId.get(interactionId) == e;
    }

    private static void checkLive(Entry e, String interactionId) {
        if (e.state.isFinal()) {
            throw new LifecycleException(Code.INTERACTION_FINISHED, "interaction " + interactionId + " is "
                    + e.state.name().toLowerCase() + "; its data is gone");
        }
    }

    public static Set<InteractionState> states(InteractionState first, InteractionState... rest) {
        return EnumSet.of(first, rest);
    }
}
