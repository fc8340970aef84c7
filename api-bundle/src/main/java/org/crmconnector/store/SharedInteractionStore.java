package org.crmconnector.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.crmconnector.interaction.InteractionState;
import org.osgi.annotation.versioning.ProviderType;

/**
 * An interaction store that several nodes share (a database): each event of
 * a call may reach any node, so no node may trust what it holds in memory.
 * The registry then keeps nothing itself: it reads the entry for each
 * request and changes it with {@link #update}, which the store serialises
 * against every other change of the same entry from any node, so no change
 * is ever lost between two nodes.
 */
@ProviderType
public interface SharedInteractionStore extends InteractionStore {

    /** The entry of this tenant and id as stored now. */
    Optional<Entry> find(String tenantId, String interactionId);

    /**
     * Changes one entry atomically: locks it (or its absence) against every
     * other change of it, in every process sharing the store; hands the entry
     * as stored now, or null when there is none, to {@code change}; stores
     * what it returns durably and only then releases the lock. When
     * {@code change} returns null, or throws, nothing is stored and the
     * exception passes through. {@code change} may run more than once when
     * two nodes create the same entry at the same moment, so it must not act
     * on the world when it finds no entry.
     *
     * @return what was stored, or null when nothing was
     * @throws InteractionStoreException when the store could not do it; nothing changed
     */
    Entry update(String tenantId, String interactionId, UnaryOperator<Entry> change);

    /**
     * As {@link #update}, for a change that creates the entry or replaces a
     * tombstone: it is stored only while the tenant has fewer than
     * {@code maxLive} live entries, counted under a lock on the tenant's
     * creations that every process sharing the store takes, so the bound
     * holds across nodes. An entry that is live already is handed to
     * {@code change} as by {@link #update}.
     *
     * @throws LiveLimitException when the tenant is at its bound; nothing is stored and {@code change} is not run
     * @throws InteractionStoreException when the store could not do it; nothing changed
     * @since 1.2
     */
    Entry create(String tenantId, String interactionId, int maxLive, UnaryOperator<Entry> change);

    /**
     * The tenant's entries in one of {@code states} (all states when empty),
     * touched before {@code touchedBefore} (any time when null).
     */
    List<Entry> entries(String tenantId, Set<InteractionState> states, Instant touchedBefore);

    /**
     * As {@link #entries(String, Set, Instant)} for every tenant at once, in
     * one read: the periodic sweeps of a node look at all tenants each round,
     * and one read per tenant would cost them a query per tenant. Each entry
     * names its tenant; the order is unspecified.
     *
     * @since 1.2
     */
    List<Entry> entries(Set<InteractionState> states, Instant touchedBefore);

    /**
     * The entries of every tenant, not in a final state, whose screen pop has
     * been owed since before {@code owedBefore}, in one read: what each node's
     * sweep for lost pops looks at every few seconds. Only the entries owing a
     * pop are read, however many calls are live; the order is unspecified.
     *
     * @since 1.2
     */
    List<Entry> owingPops(Instant owedBefore);

    /** How many of the tenant's entries are not in a final state. */
    int liveCount(String tenantId);

    /** The tenants that have entries, live or finished. */
    Set<String> tenantIds();

    /** Deletes the tombstones (entries in a final state) touched before {@code before}; returns how many. */
    int removeFinished(Instant before);
}
