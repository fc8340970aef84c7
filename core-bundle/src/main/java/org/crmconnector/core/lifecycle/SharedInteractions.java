package org.crmconnector.core.lifecycle;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import org.crmconnector.core.lifecycle.LifecycleException.Code;
import org.crmconnector.interaction.Interaction;
import org.crmconnector.interaction.InteractionState;
import org.crmconnector.store.InteractionStore.Entry;
import org.crmconnector.store.LiveLimitException;
import org.crmconnector.store.SharedInteractionStore;

/**
 * The registry's operations on a store several nodes share: nothing is kept
 * in memory, every request reads the interaction from the store, and every
 * change is made inside {@link SharedInteractionStore#update}, so two nodes
 * changing one interaction at once take turns on its row and neither change
 * is lost. The rules (which moves are allowed, the limits, the log stored
 * before the state) are the same as on the embedded store.
 */
final class SharedInteractions {

    private final SharedInteractionStore store;
    private final InteractionCodec codec;
    private final Clock clock;
    private final Supplier<InteractionLimits> limits;

    SharedInteractions(SharedInteractionStore store, InteractionCodec codec, Clock clock,
            Supplier<InteractionLimits> limits) {
        this.store = store;
        this.codec = codec;
        this.clock = clock;
        this.limits = limits;
    }

    /** The live limit holds across nodes: the store counts under a lock on the tenant's creations. */
    Interaction create(Interaction data, int maxLive, Instant now, Instant popOwed) {
        String tenantId = data.tenantId;
        String interactionId = data.interactionId;
        byte[] encoded = codec.encode(data);
        try {
            store.create(tenantId, interactionId, maxLive, current -> {
                // a finished one with the same id may be replaced: sources reuse ids only for a new conversation
                if (current != null && !current.state().isFinal()) {
                    throw new LifecycleException(Code.INTERACTION_EXISTS,
                            "interaction " + interactionId + " already exists in state " + current.state());
                }
                return new Entry(tenantId, interactionId, data.state, now, encoded, popOwed);
            });
        } catch (LiveLimitException full) {
            throw new LifecycleException(Code.TOO_MANY_INTERACTIONS,
                    "tenant " + tenantId + " already has " + maxLive + " live interactions");
        }
        return Interactions.copy(data);
    }

    Optional<Interaction> transition(String tenantId, String interactionId, Set<InteractionState> from,
            InteractionState to, Instant idleBefore, Consumer<Interaction> change, Consumer<Interaction> beforeCommit,
            Predicate<Interaction> popsNow) {
        Interaction[] result = new Interaction[1];
        Entry stored = store.update(tenantId, interactionId, current -> {
            InteractionCodec.Stored read = read(current, interactionId);
            Interaction before = read.interaction();
            if (idleBefore != null && (!from.contains(current.state()) || current.touched().isAfter(idleBefore))) {
                return null;
            }
            if (!from.contains(current.state())) {
                throw new LifecycleException(Code.ILLEGAL_TRANSITION, "interaction " + interactionId + " is "
                        + current.state().name().toLowerCase() + "; it cannot become " + to.name().toLowerCase());
            }
            Interaction working = Interactions.copy(before);
            change.accept(working);
            limits.get().check(before, working);
            Instant now = clock.instant();
            InteractionRegistry.enterState(working, to, now);
            // under the row's lock: the log is stored before the state, as on the embedded store
            beforeCommit.accept(Interactions.copy(working));
            result[0] = working;
            if (to.isFinal()) {
                return new Entry(tenantId, interactionId, to, now, null);
            }
            boolean pops = popsNow != null && popsNow.test(working);
            return new Entry(tenantId, interactionId, to, now, codec.encode(working),
                    pops ? now : read.popOwedSince());
        });
        return stored == null ? Optional.empty() : Optional.of(result[0]);
    }

    /** As the registry's: {@code change} null changes no data and leaves the row's touched time. */
    Interaction update(String tenantId, String interactionId, Consumer<Interaction> change,
            UnaryOperator<Instant> owed) {
        Interaction[] result = new Interaction[1];
        store.update(tenantId, interactionId, current -> {
            InteractionCodec.Stored read = read(current, interactionId);
            Interaction before = read.interaction();
            Interaction working = Interactions.copy(before);
            Instant touched = current.touched();
            if (change != null) {
                change.accept(working);
                limits.get().check(before, working);
                touched = clock.instant();
            }
            result[0] = working;
            return new Entry(tenantId, interactionId, current.state(), touched, codec.encode(working),
                    owed.apply(read.popOwedSince()));
        });
        return Interactions.copy(result[0]);
    }

    /**
     * The registry's claim on a shared store: one read of the entries owing
     * a pop finds the candidates of every tenant (the other live calls cost
     * the sweep nothing), then each is claimed under its row lock, where the
     * owed time is read again, so of several nodes looking at once only the
     * first claims it; the others see it owed since now.
     */
    Map<String, List<Interaction>> claimOwedPops(Instant owedBefore, Instant now,
            Function<String, Predicate<Interaction>> wantedOf) {
        Map<String, List<Interaction>> claimed = new LinkedHashMap<>();
        byTenant(store.owingPops(owedBefore)).forEach((tenantId, candidates) -> {
            Predicate<Interaction> wanted = wantedOf.apply(tenantId);
            List<Interaction> ones = wanted == null ? List.of() : claim(tenantId, candidates, owedBefore, now, wanted);
            if (!ones.isEmpty()) {
                claimed.put(tenantId, ones);
            }
        });
        return claimed;
    }

    private List<Interaction> claim(String tenantId, List<Entry> candidates, Instant owedBefore, Instant now,
            Predicate<Interaction> wanted) {
        List<Interaction> claimed = new ArrayList<>();
        for (Entry candidate : candidates) {
            if (candidate.state().isFinal() || !isOwedBefore(candidate.popOwedSince(), owedBefore)) {
                continue;
            }
            Interaction[] won = new Interaction[1];
            store.update(tenantId, candidate.interactionId(), current -> {
                if (current == null || current.state().isFinal()) {
                    return null;
                }
                InteractionCodec.Stored read = codec.read(current);
                if (!isOwedBefore(read.popOwedSince(), owedBefore)) {
                    return null; // shown meanwhile, or claimed by another node
                }
                boolean want = wanted.test(Interactions.copy(read.interaction()));
                won[0] = want ? read.interaction() : null;
                // re-encoded: data stored by an earlier version loses the owed time it carried, the field has it
                return new Entry(tenantId, current.interactionId(), current.state(), current.touched(),
                        codec.encode(read.interaction()), want ? now : null);
            });
            if (won[0] != null) {
                claimed.add(won[0]);
            }
        }
        return claimed;
    }

    private static boolean isOwedBefore(Instant popOwedSince, Instant owedBefore) {
        return popOwedSince != null && popOwedSince.isBefore(owedBefore);
    }

    Interaction get(String tenantId, String interactionId) {
        return live(store.find(tenantId, interactionId).orElse(null), interactionId);
    }

    boolean knows(String tenantId, String interactionId) {
        return interactionId != null && store.find(tenantId, interactionId).isPresent();
    }

    /** Live interactions in one of {@code states}, untouched since {@code before} (null: any), oldest first. */
    List<Interaction> idleSince(String tenantId, Instant before, Set<InteractionState> states) {
        return live(store.entries(tenantId, states, before), before);
    }

    /**
     * As the per-tenant read for every tenant in {@code idleBefore}, by one
     * read up to the latest cut-off; each tenant's entries are then held to
     * its own cut-off here.
     */
    Map<String, List<Interaction>> idleSince(Map<String, Instant> idleBefore, Set<InteractionState> states) {
        Map<String, List<Interaction>> idle = new LinkedHashMap<>();
        if (idleBefore.isEmpty()) {
            return idle;
        }
        Instant latest = Collections.max(idleBefore.values());
        byTenant(store.entries(states, latest)).forEach((tenantId, entries) -> {
            Instant before = idleBefore.get(tenantId);
            List<Interaction> ones = before == null ? List.of() : live(entries, before);
            if (!ones.isEmpty()) {
                idle.put(tenantId, ones);
            }
        });
        return idle;
    }

    /** The live ones of {@code entries} touched before {@code before}, oldest first. */
    private List<Interaction> live(List<Entry> entries, Instant before) {
        List<Interaction> out = new ArrayList<>();
        for (Entry e : entries) {
            if (!e.state().isFinal() && (before == null || e.touched().isBefore(before))) {
                out.add(codec.decode(e.data()));
            }
        }
        out.sort((a, b) -> a.startTime.compareTo(b.startTime));
        return out;
    }

    private static Map<String, List<Entry>> byTenant(List<Entry> entries) {
        Map<String, List<Entry>> out = new LinkedHashMap<>();
        for (Entry e : entries) {
            out.computeIfAbsent(e.tenantId(), k -> new ArrayList<>()).add(e);
        }
        return out;
    }

    int liveCount(String tenantId) {
        return store.liveCount(tenantId);
    }

    int sweep(Instant finishedBefore) {
        return store.removeFinished(finishedBefore);
    }

    /** The entry's data; refused as not found or finished as the embedded registry refuses. */
    private Interaction live(Entry e, String interactionId) {
        return read(e, interactionId).interaction();
    }

    private InteractionCodec.Stored read(Entry e, String interactionId) {
        if (e == null) {
            throw new LifecycleException(Code.INTERACTION_NOT_FOUND, "no interaction " + interactionId);
        }
        if (e.state().isFinal()) {
            throw new LifecycleException(Code.INTERACTION_FINISHED, "interaction " + interactionId + " is "
                    + e.state().name().toLowerCase() + "; its data is gone");
        }
        return codec.read(e);
    }
}
