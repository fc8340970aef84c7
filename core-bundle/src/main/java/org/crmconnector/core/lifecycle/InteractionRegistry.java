package org.crmconnector.core.lifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.crmconnector.core.lifecycle.LifecycleException.Code;
import org.crmconnector.interaction.Interaction;
import org.crmconnector.interaction.InteractionState;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The live interactions of every tenant and their lifecycle (seed 003):
 * offered, then accepted or rejected, then ended, then finished. Each tenant
 * has its own map, so no lookup can cross tenants. Every change happens under
 * the interaction's own lock and either completes or changes nothing.
 * <p>
 * Finished and rejected interactions lose their data at once and leave a
 * tombstone for the grace period, so late calls get a clear "finished".
 */
@Component(service = InteractionRegistry.class, configurationPid = "org.crmconnector.lifecycle")
@Designate(ocd = InteractionRegistryConfig.class)
public class InteractionRegistry {

    private final Clock clock;
    private final Map<String, TenantInteractions> tenants = new ConcurrentHashMap<>();
    private volatile Duration grace;
    private volatile Duration stale;

    private ScheduledExecutorService sweeper;

    @Activate
    public InteractionRegistry(InteractionRegistryConfig config) {
        this(config, Clock.systemUTC());
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "crm-interaction-sweeper");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(this::sweep, 30, 30, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
    }

    public InteractionRegistry(InteractionRegistryConfig config, Clock clock) {
        this.clock = clock;
        modified(config);
    }

    @Modified
    void modified(InteractionRegistryConfig config) {
        this.grace = Duration.ofSeconds(Math.max(0, config.finished_grace_seconds()));
        this.stale = Duration.ofSeconds(Math.max(60, config.stale_seconds()));
    }

    private static final class Entry {
        Interaction data;
        InteractionState state;
        Instant touched;
    }

    private static final class TenantInteractions {
        final Map<String, Entry> byId = new ConcurrentHashMap<>();
        final AtomicInteger live = new AtomicInteger();
    }

    /**
     * Creates an interaction in state {@code initial} (OFFERED, or ACCEPTED for
     * an agent's own outbound call). A finished one with the same id may be
     * replaced: sources reuse ids only for a new conversation.
     */
    public Interaction create(String tenantId, String interactionId, InteractionState initial, int maxLive,
            Consumer<Interaction> init) {
        TenantInteractions t = tenants.computeIfAbsent(tenantId, k -> new TenantInteractions());
        Instant now = clock.instant();
        Entry fresh = new Entry();
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
        fresh.data = data;
        fresh.state = initial;
        fresh.touched = now;
        if (t.live.incrementAndGet() > maxLive) {
            t.live.decrementAndGet();
            throw new LifecycleException(Code.TOO_MANY_INTERACTIONS,
                    "tenant " + tenantId + " already has " + maxLive + " live interactions");
        }
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
                    break;
                }
            }
            // the tombstone was swept or replaced meanwhile: look again
        }
        return Interactions.copy(data);
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
        for (;;) {
            Entry e = entry(tenantId, interactionId);
            synchronized (e) {
                if (!isCurrent(tenantId, interactionId, e)) {
                    continue;
                }
                checkLive(e, interactionId);
                if (!from.contains(e.state)) {
                    throw new LifecycleException(Code.ILLEGAL_TRANSITION, "interaction " + interactionId + " is "
                            + e.state.name().toLowerCase() + "; it cannot become " + to.name().toLowerCase());
                }
                Interaction working = Interactions.copy(e.data);
                change.accept(working);
                working.state = to;
                Instant now = clock.instant();
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
                beforeCommit.accept(to.isFinal() ? working : Interactions.copy(working));
                e.touched = now;
                e.state = to;
                if (to.isFinal()) {
                    e.data = null;
                    tenants.get(tenantId).live.decrementAndGet();
                } else {
                    e.data = working;
                }
                return to.isFinal() ? working : Interactions.copy(working);
            }
        }
    }

    /** Changes a live interaction's data without a state change. */
    public Interaction update(String tenantId, String interactionId, Consumer<Interaction> change) {
        for (;;) {
            Entry e = entry(tenantId, interactionId);
            synchronized (e) {
                if (!isCurrent(tenantId, interactionId, e)) {
                    continue;
                }
                checkLive(e, interactionId);
                Interaction working = Interactions.copy(e.data);
                change.accept(working);
                e.data = working;
                e.touched = clock.instant();
                return Interactions.copy(working);
            }
        }
    }

    public Interaction get(String tenantId, String interactionId) {
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
        TenantInteractions t = tenants.get(tenantId);
        return t != null && t.byId.containsKey(interactionId);
    }

    public List<Interaction> list(String tenantId) {
        TenantInteractions t = tenants.get(tenantId);
        List<Interaction> out = new ArrayList<>();
        if (t != null) {
            for (Entry e : t.byId.values()) {
                synchronized (e) {
                    if (!e.state.isFinal()) {
                        out.add(Interactions.copy(e.data));
                    }
                }
            }
        }
        out.sort((a, b) -> a.startTime.compareTo(b.startTime));
        return out;
    }

    public int liveCount(String tenantId) {
        TenantInteractions t = tenants.get(tenantId);
        return t == null ? 0 : t.live.get();
    }

    /** Forgets tombstones past the grace period and live interactions idle past the stale timeout. */
    public int sweep() {
        Instant now = clock.instant();
        int removed = 0;
        for (TenantInteractions t : tenants.values()) {
            for (Map.Entry<String, Entry> me : t.byId.entrySet()) {
                Entry e = me.getValue();
                synchronized (e) {
                    boolean expired = e.state.isFinal() ? e.touched.plus(grace).isBefore(now)
                            : e.touched.plus(stale).isBefore(now);
                    if (expired && t.byId.remove(me.getKey(), e)) {
                        if (!e.state.isFinal()) {
                            t.live.decrementAndGet();
                        }
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
