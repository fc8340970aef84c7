package org.crmconnector.core.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiFunction;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An H2 MVStore with a {@link Journal} in front of it. Every change to a map
 * goes into the map in memory and, as a small record, into the journal;
 * {@link #await} returns once the journal holds it on disk. The B-tree itself
 * is written only at checkpoints (every few seconds, or when the journal
 * segment grows long), so a durable change costs its record's bytes and a
 * share of one fsync instead of a commit that rewrites every page it touched.
 * On open, the records after the last checkpoint are replayed into the maps.
 * <p>
 * A record holds the map's name, the key and the whole new value (or none for
 * a removal), so replaying a record the store already had changes nothing,
 * and replaying them in journal order rebuilds the last state. Keys and
 * values are Strings, Longs or byte arrays.
 * <p>
 * The journal may be shared with other stores (see {@link Journal}); the
 * store then checkpoints its own maps and leaves the journal open.
 */
public final class JournaledStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JournaledStore.class);

    private static final byte NONE = 0;
    private static final byte LONG = 1;
    private static final byte STRING = 2;
    private static final byte BYTES = 3;

    private final String name;
    private final MVStore store;
    private final Journal journal;
    private final boolean ownsJournal;
    /** Held for a roll; shared by writers from their record's append until their map holds it. */
    private final ReentrantReadWriteLock rolling = new ReentrantReadWriteLock();
    private final BiFunction<String, Throwable, RuntimeException> failure;
    private final Map<String, MVMap<Object, Object>> maps = new ConcurrentHashMap<>();
    private final Map<MVMap<?, ?>, byte[]> mapNames = new ConcurrentHashMap<>();
    /** Makes "into the map, then into the journal" one step, so the journal's order is the maps' order. */
    private final Object order = new Object();
    private final long checkpointMillis;
    private final long checkpointBytes;
    private final AtomicLong checkpoints = new AtomicLong();
    private final Object idle = new Object();
    private Thread checkpointer;
    private volatile boolean closed;

    /**
     * Opens (or creates) the MVStore file {@code fileName} in {@code folder},
     * with a journal of its own beside it; open the maps with {@link #map},
     * then {@link #start}.
     *
     * @param checkpointMillis how often the maps are written to the MVStore file (when anything changed)
     * @param checkpointBytes the journal segment size that brings the next checkpoint forward
     */
    public JournaledStore(Path folder, String fileName, String name, long checkpointMillis, long checkpointBytes,
            BiFunction<String, Throwable, RuntimeException> failure) {
        this(folder, fileName, name, null, checkpointMillis, checkpointBytes, failure);
    }

    /**
     * As above, on {@code shared} (started, and closed by its owner after this
     * store) when it is not null; {@code name} tells this store's records apart.
     */
    public JournaledStore(Path folder, String fileName, String name, Journal shared, long checkpointMillis,
            long checkpointBytes, BiFunction<String, Throwable, RuntimeException> failure) {
        this.name = name;
        this.failure = failure;
        this.checkpointMillis = checkpointMillis;
        this.checkpointBytes = checkpointBytes;
        try {
            // caller numbers, names and notes: readable by the server's user only
            OwnerOnlyFiles.file(OwnerOnlyFiles.folder(folder).resolve(fileName));
        } catch (IOException e) {
            throw failure.apply("Cannot create the " + name + " folder " + folder + ": " + e.getMessage(), e);
        }
        // the checkpoints commit; MVStore's own background commit stays as a rare backstop (and does its
        // housekeeping), with room for the changes of a whole checkpoint interval in memory
        this.store = new MVStore.Builder().fileName(folder.resolve(fileName).toString())
                .autoCommitBufferSize(64 * 1024).open();
        store.setAutoCommitDelay((int) Math.min(Integer.MAX_VALUE, Math.max(1000, checkpointMillis * 6)));
        this.ownsJournal = shared == null;
        this.journal = ownsJournal ? new Journal(folder, name) : shared;
    }

    /** Opens a map of the store; all of them before {@link #start}, so the journal can be replayed into them. */
    @SuppressWarnings("unchecked")
    public <K, V> MVMap<K, V> map(String mapName, MVMap.Builder<K, V> builder) {
        MVMap<K, V> map = store.openMap(mapName, builder);
        maps.put(mapName, (MVMap<Object, Object>) map);
        mapNames.put(map, mapName.getBytes(StandardCharsets.UTF_8));
        return map;
    }

    /** Replays the journal into the maps, checkpoints them, and starts taking changes. */
    public void start() {
        long replayed;
        try {
            if (ownsJournal) {
                journal.start();
            }
            replayed = journal.replay(name, this::apply);
        } catch (JournalException e) {
            throw failure.apply(e.getMessage(), e);
        }
        checkpoint();
        if (replayed > 0) {
            LOG.info("The {} store replayed {} journal records from after its last checkpoint", name, replayed);
        }
        checkpointer = new Thread(this::checkpointLoop, "crm-" + name + "-checkpoint");
        checkpointer.setDaemon(true);
        checkpointer.start();
    }

    /** Puts the value into the map and its record into the journal; {@link #await} makes it durable. */
    public <K, V> void put(MVMap<K, V> map, K key, V value) {
        byte[] record = record(map, key, value);
        synchronized (order) {
            V old = map.put(key, value);
            try {
                journal.append(name, record);
            } catch (JournalException e) {
                restore(map, key, old);
                throw failure.apply(e.getMessage(), e);
            }
        }
    }

    /** Removes the key from the map, journaled like {@link #put}. */
    public <K, V> void remove(MVMap<K, V> map, K key) {
        byte[] record = record(map, key, null);
        synchronized (order) {
            V old = map.remove(key);
            try {
                journal.append(name, record);
            } catch (JournalException e) {
                restore(map, key, old);
                throw failure.apply(e.getMessage(), e);
            }
        }
    }

    /**
     * Puts the value into the map once its record is on disk, and returns
     * then: the map (and so any checkpoint) never holds a change before the
     * journal does, nor before the changes journaled ahead of it, such as
     * another store's changes of the same request made in
     * {@link #deferringAwaits}. For a map that is read only at open; the
     * caller orders the writes of one key.
     */
    public <K, V> void putDurably(MVMap<K, V> map, K key, V value) {
        putDurably(map, key, value, () -> { });
    }

    /**
     * As {@link #putDurably(MVMap, Object, Object)}, running {@code meanwhile}
     * once the record is in the journal's buffer, while the disk makes it
     * durable.
     */
    public <K, V> void putDurably(MVMap<K, V> map, K key, V value, Runnable meanwhile) {
        byte[] record = record(map, key, value);
        rolling.readLock().lock();
        try {
            long appended = journal.append(name, record);
            meanwhile.run();
            journal.await(appended);
            map.put(key, value);
        } catch (JournalException e) {
            throw failure.apply(e.getMessage(), e);
        } finally {
            rolling.readLock().unlock();
        }
    }

    /** Runs {@code writes} (to any store on this journal) without waiting; see {@link Journal#deferringAwaits}. */
    public void deferringAwaits(Runnable writes) {
        journal.deferringAwaits(writes);
    }

    /** A change the journal refused is not kept in the map either: the next checkpoint would write it. */
    private static <K, V> void restore(MVMap<K, V> map, K key, V old) {
        if (old == null) {
            map.remove(key);
        } else {
            map.put(key, old);
        }
    }

    /**
     * Returns once every change made so far (by any thread) is on disk; one
     * fsync serves every caller waiting at the time.
     *
     * @throws RuntimeException made by the failure function when it cannot be made durable
     */
    public void await() {
        try {
            journal.await(journal.lastAppended());
        } catch (JournalException e) {
            throw failure.apply(e.getMessage(), e);
        }
    }

    /** How many group commits (journal fsyncs) ran. */
    public long commitCount() {
        return journal.commitCount();
    }

    /** How many checkpoints wrote the maps to the MVStore file. */
    public long checkpointCount() {
        return checkpoints.get();
    }

    /**
     * Writes the maps to the MVStore file and syncs it, then drops the journal
     * segments that held their changes.
     */
    public void checkpoint() {
        long segment;
        // no writer between its record's append and its map put: each record before the new segment is in a map
        rolling.writeLock().lock();
        try {
            segment = journal.roll();
        } catch (JournalException e) {
            throw failure.apply(e.getMessage(), e);
        } finally {
            rolling.writeLock().unlock();
        }
        store.commit();
        store.sync();
        journal.checkpointed(name, segment);
        checkpoints.incrementAndGet();
    }

    private void checkpointLoop() {
        long last = System.nanoTime();
        long lastCommits = journal.commitCount();
        while (!closed) {
            synchronized (idle) {
                try {
                    if (!closed) {
                        idle.wait(Math.min(1000, Math.max(10, checkpointMillis / 4)));
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
            boolean due = System.nanoTime() - last >= checkpointMillis * 1_000_000L
                    && journal.commitCount() != lastCommits;
            if (closed || !(due || journal.segmentBytes() >= checkpointBytes)) {
                continue;
            }
            try {
                checkpoint();
            } catch (RuntimeException e) {
                // the journal keeps every change meanwhile; a later checkpoint (or the replay) catches up
                LOG.error("The {} store's checkpoint failed", name, e);
            }
            last = System.nanoTime();
            lastCommits = journal.commitCount();
        }
    }

    private void apply(ByteBuffer record) {
        String mapName = string(record);
        MVMap<Object, Object> map = maps.get(mapName);
        if (map == null) {
            throw failure.apply("The " + name + " journal names a map this version does not have: " + mapName, null);
        }
        Object key = value(record);
        Object value = value(record);
        if (value == null) {
            map.remove(key);
        } else {
            map.put(key, value);
        }
    }

    private byte[] record(MVMap<?, ?> map, Object key, Object value) {
        byte[] mapName = mapNames.get(map);
        if (mapName == null || key == null) {
            throw new IllegalArgumentException("Not a map of the " + name + " store, or no key");
        }
        ByteBuffer out = ByteBuffer.allocate(2 + mapName.length + size(key) + size(value));
        out.putShort((short) mapName.length).put(mapName);
        put(out, key);
        put(out, value);
        return out.array();
    }

    private static int size(Object value) {
        if (value == null) {
            return 1;
        }
        if (value instanceof Long) {
            return 9;
        }
        if (value instanceof String s) {
            return 5 + s.length() * 3;
        }
        if (value instanceof byte[] b) {
            return 5 + b.length;
        }
        throw new IllegalArgumentException("A journaled key or value is a String, Long or byte[], not " + value.getClass());
    }

    private static void put(ByteBuffer out, Object value) {
        if (value == null) {
            out.put(NONE);
        } else if (value instanceof Long l) {
            out.put(LONG).putLong(l);
        } else if (value instanceof String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            out.put(STRING).putInt(utf8.length).put(utf8);
        } else {
            byte[] b = (byte[]) value;
            out.put(BYTES).putInt(b.length).put(b);
        }
    }

    private static String string(ByteBuffer in) {
        byte[] b = new byte[in.getShort()];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private Object value(ByteBuffer in) {
        byte type = in.get();
        switch (type) {
            case NONE:
                return null;
            case LONG:
                return in.getLong();
            case STRING:
            case BYTES: {
                byte[] b = new byte[in.getInt()];
                in.get(b);
                return type == STRING ? new String(b, StandardCharsets.UTF_8) : b;
            }
            default:
                throw failure.apply("The " + name + " journal has a record of unknown type " + type, null);
        }
    }

    /** Lets waiting callers finish, checkpoints, and closes the journal and the store. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // woken, not interrupted: an interrupt would close the MVStore's file channel under a commit
        synchronized (idle) {
            idle.notifyAll();
        }
        Thread running = checkpointer;
        if (running != null) {
            try {
                running.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (checkpointer != null) {
            try {
                checkpoint();
                journal.released(name);
            } catch (RuntimeException e) {
                // the journal still holds the changes: they are replayed at the next open
                LOG.error("The {} store's last checkpoint failed", name, e);
            }
        }
        if (ownsJournal) {
            journal.close();
        }
        store.close();
    }
}
