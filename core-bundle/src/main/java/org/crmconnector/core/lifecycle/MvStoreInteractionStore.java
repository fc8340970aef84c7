package org.crmconnector.core.lifecycle;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.crmconnector.core.store.Journal;
import org.crmconnector.core.store.JournaledStore;
import org.crmconnector.interaction.InteractionState;
import org.crmconnector.store.InteractionStore;
import org.crmconnector.store.InteractionStoreException;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.StringDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded interaction store, on H2's MVStore like the outbox, behind a
 * {@link JournaledStore}: every save is a record in the journal, made durable
 * by a group commit shared with all the saves in flight, and the map is
 * written to the MVStore file at checkpoints. One map, {@code tenant/id} to a
 * small binary record (state, last touched, the data document, and since
 * when a screen pop is owed when one is), so a state change is a single
 * write that cannot half-happen.
 * <p>
 * On a journal shared with the outbox, a state change and the log stored
 * with it ({@link #save(Entry, Runnable)}) are made durable by one fsync,
 * the log's record first. The map takes a save only once it is on disk, so a
 * checkpoint never writes a state whose log could still be lost.
 */
public class MvStoreInteractionStore implements InteractionStore {

    private static final Logger LOG = LoggerFactory.getLogger(MvStoreInteractionStore.class);

    static final String FILE_NAME = "interactions.mv.db";
    /** Tenant ids never contain it, so the first one splits a key unambiguously. */
    private static final char SEPARATOR = '/';
    private static final byte FORMAT = 1;
    private static final long CHECKPOINT_MILLIS = 10_000;
    private static final long CHECKPOINT_BYTES = 64L * 1024 * 1024;

    private final JournaledStore store;
    private final MVMap<String, byte[]> entries;
    private final AtomicLong saves = new AtomicLong();

    /** Opens (or creates) the store in {@code folder} with a journal of its own there, replaying it. */
    public MvStoreInteractionStore(Path folder) {
        this(folder, null);
    }

    /** Opens (or creates) the store in {@code folder} on the shared, started {@code journal}, replaying it. */
    public MvStoreInteractionStore(Path folder, Journal journal) {
        this(folder, journal, CHECKPOINT_MILLIS, CHECKPOINT_BYTES);
    }

    /** As above, checkpointing every {@code checkpointMillis} or when the journal reaches {@code checkpointBytes}. */
    MvStoreInteractionStore(Path folder, Journal journal, long checkpointMillis, long checkpointBytes) {
        this.store = new JournaledStore(folder, FILE_NAME, "interactions", journal, checkpointMillis, checkpointBytes,
                InteractionStoreException::new);
        try {
            // typed keys and values: the generic object type tags and inspects every value on every page write
            this.entries = store.map("interactions", new MVMap.Builder<String, byte[]>()
                    .keyType(StringDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE));
            store.start();
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        LOG.info("Interaction store opened at {}: {} entries", folder, entries.size());
    }

    @Override
    public void save(Entry entry) {
        store.putDurably(entries, key(entry.tenantId(), entry.interactionId()), encode(entry));
        saves.incrementAndGet();
    }

    @Override
    public void save(Entry entry, Runnable first) {
        byte[] record = encode(entry);
        // first's writes wait for nothing: the entry's own commit, after them in the journal, covers them
        store.deferringAwaits(first);
        store.putDurably(entries, key(entry.tenantId(), entry.interactionId()), record);
        saves.incrementAndGet();
    }

    @Override
    public void saveWhile(Entry entry, Runnable meanwhile) {
        store.putDurably(entries, key(entry.tenantId(), entry.interactionId()), encode(entry), meanwhile);
        saves.incrementAndGet();
    }

    @Override
    public void saveSoon(Entry entry) {
        // journaled like any change, so replay keeps the order of saves; only the wait is left out
        store.put(entries, key(entry.tenantId(), entry.interactionId()), encode(entry));
        saves.incrementAndGet();
    }

    @Override
    public void remove(String tenantId, String interactionId) {
        store.remove(entries, key(tenantId, interactionId));
    }

    @Override
    public void forEach(Consumer<Entry> each) {
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            Entry entry;
            try {
                entry = decode(e.getKey(), e.getValue());
            } catch (RuntimeException ex) {
                // left in the file for an operator to inspect; it must not keep every other interaction away
                LOG.error("Stored interaction {} cannot be read and is skipped: {}", e.getKey(), ex.toString());
                continue;
            }
            each.accept(entry);
        }
    }

    @Override
    public Map<String, Long> metrics() {
        return Map.of("interactions.commits", store.commitCount(), "interactions.saves", saves.get(),
                "interactions.stored", (long) entries.size(), "interactions.checkpoints", store.checkpointCount());
    }

    @Override
    public void close() {
        store.close();
        LOG.info("Interaction store closed");
    }

    private static String key(String tenantId, String interactionId) {
        if (tenantId == null || tenantId.indexOf(SEPARATOR) >= 0 || interactionId == null) {
            throw new IllegalArgumentException("Not a storable interaction key: " + tenantId + SEPARATOR + interactionId);
        }
        return tenantId + SEPARATOR + interactionId;
    }

    static byte[] encode(Entry entry) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + (entry.data() == null ? 0 : entry.data().length));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeUTF(entry.state().name());
            out.writeLong(entry.touched().getEpochSecond());
            out.writeInt(entry.touched().getNano());
            out.writeInt(entry.data() == null ? -1 : entry.data().length);
            if (entry.data() != null) {
                out.write(entry.data());
            }
            // a trailer only when a pop is owed: records without one read as before, in this version and earlier
            if (entry.popOwedSince() != null) {
                out.writeLong(entry.popOwedSince().getEpochSecond());
                out.writeInt(entry.popOwedSince().getNano());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array stream does not fail
        }
        return bytes.toByteArray();
    }

    static Entry decode(String key, byte[] value) {
        int split = key.indexOf(SEPARATOR);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalArgumentException("unknown record format " + format);
            }
            InteractionState state = InteractionState.valueOf(in.readUTF());
            Instant touched = Instant.ofEpochSecond(in.readLong(), in.readInt());
            int length = in.readInt();
            byte[] data = length < 0 ? null : in.readNBytes(length);
            if (data != null && data.length != length) {
                throw new IllegalArgumentException("record truncated");
            }
            Instant popOwedSince = in.available() > 0 ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
            return new Entry(key.substring(0, split), key.substring(split + 1), state, touched, data, popOwedSince);
        } catch (IOException e) {
            throw new IllegalArgumentException("record unreadable: " + e.getMessage(), e);
        }
    }
}
