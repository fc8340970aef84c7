package org.crmconnector.store;

import java.time.Instant;
import java.util.function.Consumer;

import org.crmconnector.interaction.InteractionState;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Durable storage of interaction state: one record per tenant and
 * interaction id, either live with its data or a tombstone of a finished one.
 * Shaped for a shared SQL database as much as for the embedded store: a
 * record is a row keyed by (tenant, id) with its state, the time it was last
 * touched, the interaction's data as an opaque document, and since when its
 * screen pop is owed to its agent (a column of its own, so that the few
 * interactions owing one are found without reading every document).
 * <p>
 * {@link #save} is durable when it returns: the registry answers a request
 * only after its change is saved, so whatever a client was told survives a
 * crash. {@link #remove} need not be: a removal lost in a crash only brings a
 * tombstone back until the next sweep.
 * <p>
 * Registered as a service with a {@code store.kind} property ({@value #KIND_PROPERTY});
 * the registry uses the kind the node's configuration selects. A store whose
 * records other processes change too is a {@link SharedInteractionStore}.
 */
@ProviderType
public interface InteractionStore extends AutoCloseable {

    /** The service property naming a store's kind, e.g. {@code embedded} or {@code postgresql}. */
    String KIND_PROPERTY = "store.kind";

    /**
     * One stored interaction; {@code data} is null for a tombstone.
     * {@code popOwedSince} (since 1.2) is since when the interaction's screen
     * pop is owed to its agent, or null when none is: set by the save of the
     * change that pops, cleared once the pop is published. A store keeps it
     * as it keeps {@code touched}.
     */
    record Entry(String tenantId, String interactionId, InteractionState state, Instant touched, byte[] data,
            Instant popOwedSince) {

        /** An entry that owes no pop. */
        public Entry(String tenantId, String interactionId, InteractionState state, Instant touched, byte[] data) {
            this(tenantId, interactionId, state, touched, data, null);
        }
    }

    /**
     * Writes the entry in place of the one with the same tenant and id;
     * returns once it is on disk.
     *
     * @throws InteractionStoreException when it could not be stored durably
     */
    void save(Entry entry);

    /**
     * Runs {@code first}, which stores durable changes of its own elsewhere
     * (the interaction's log in the outbox), then saves {@code entry} as
     * {@link #save} does; the entry is never on disk without {@code first}'s
     * changes. A store may make both durable with one commit: the embedded one
     * does when it shares its journal with the outbox. When {@code first}
     * throws, nothing is saved.
     *
     * @throws InteractionStoreException when the entry could not be stored durably
     */
    default void save(Entry entry, Runnable first) {
        first.run();
        save(entry);
    }

    /**
     * Saves the entry as {@link #save} does, and runs {@code meanwhile} once
     * the entry is written but before it is known to be on disk, overlapping
     * the wait: for work that may show itself early as long as nobody is told
     * the change is safe before this returns (a screen pop, while the event
     * that made the interaction is not yet answered). A store that cannot tell
     * the two moments apart runs it after the save.
     *
     * @since 1.2
     */
    default void saveWhile(Entry entry, Runnable meanwhile) {
        save(entry);
        meanwhile.run();
    }

    /**
     * Writes the entry like {@link #save} but returns without waiting for the
     * disk: for data no client was told is safe (a lookup's matches), which a
     * crash may lose. It is on disk with the next durable save or shortly after.
     */
    void saveSoon(Entry entry);

    /** Forgets the entry of this tenant and id, if any. */
    void remove(String tenantId, String interactionId);

    /** Hands every stored entry to {@code each}, for the registry to rebuild itself at start. */
    void forEach(Consumer<Entry> each);

    /** Counters of the store itself, for the console and /metrics. */
    java.util.Map<String, Long> metrics();

    /** Releases the store's resources; only its owner (the component that registered it) calls it. */
    @Override
    void close();
}
