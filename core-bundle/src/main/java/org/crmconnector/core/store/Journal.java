package org.crmconnector.core.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only write-ahead journal with group commit. Callers append
 * compact records into a buffer and {@link #await} their sequence number; one
 * committer thread writes everything buffered so far to the current segment
 * file and fsyncs it once for the whole group. A change so costs its own
 * bytes and a share of one fsync, not the rewrite of the B-tree pages it
 * lands on.
 * <p>
 * Several stores (owners) may share one journal, so that the changes of one
 * request to two stores are made durable, in order, by one fsync: an owner
 * that runs another owner's writes inside {@link #deferringAwaits} waits once
 * at the end for all of them.
 * <p>
 * The journal is split into numbered segment files. Each owner folds its
 * records into its store in memory and checkpoints from time to time: the
 * journal {@link #roll}s on to a new segment, the owner makes its store
 * durable and reports it {@link #checkpointed}; a segment is deleted once every
 * owner that may have records in it has checkpointed past it. On open, an
 * owner {@link #replay}s its records (at least everything after its last
 * checkpoint; replaying older ones again is harmless, as each record holds a
 * whole new value).
 * <p>
 * A record is {@code [length][CRC-32C][owner][bytes]}. A torn or corrupt
 * record (a crash in the middle of a write that no caller was told is safe)
 * ends the replay of its segment.
 */
public final class Journal implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);

    static final String SUFFIX = ".journal";
    private static final int HEADER = 8;
    /** Far above any record we write; a length beyond it is a torn header, not a record to allocate for. */
    static final int MAX_RECORD = 64 * 1024 * 1024;
    private static final int MAX_OWNER = 255;

    private final Path folder;
    private final String name;
    private final Object lock = new Object();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong bytesWritten = new AtomicLong();
    private Thread committer;
    private FileChannel segment;
    private long segmentNumber;
    private ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private ByteBuffer spare = ByteBuffer.allocate(64 * 1024);
    private long appended;
    private long durable;
    private boolean rollRequested;
    private long rolledTo;
    private boolean closing;
    private boolean stopped;
    private JournalException commitFailure;
    /** Per owner, the first segment it may still need; guarded by {@link #lock}. */
    private final Map<String, Long> neededFrom = new HashMap<>();
    private final ThreadLocal<Boolean> deferred = new ThreadLocal<>();

    /** A journal of segment files {@code <name>-<number>.journal} in {@code folder}. */
    public Journal(Path folder, String name) {
        this.folder = folder;
        this.name = name;
    }

    /**
     * Hands every intact record of {@code owner} in the segments before the
     * current one to {@code each}, in the order they were appended; returns
     * how many. An owner replays before it appends (its records of this run
     * are all in later segments).
     */
    public long replay(String owner, Consumer<ByteBuffer> each) {
        long current;
        synchronized (lock) {
            current = segment == null ? Long.MAX_VALUE : segmentNumber;
        }
        long[] count = new long[1];
        byte[] wanted = owner.getBytes(StandardCharsets.UTF_8);
        for (Path file : segments()) {
            if (number(file) >= current) {
                continue;
            }
            read(file, (recordOwner, record) -> {
                if (recordOwner.equals(ByteBuffer.wrap(wanted))) {
                    each.accept(record);
                    count[0]++;
                }
            });
        }
        return count[0];
    }

    private void read(Path file, BiConsumer<ByteBuffer, ByteBuffer> each) {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            // mapped, not copied into the heap: a segment that grew while checkpoints failed may be large
            ByteBuffer all = in.map(FileChannel.MapMode.READ_ONLY, 0, Math.min(in.size(), Integer.MAX_VALUE));
            readSegment(file, all, each);
        } catch (IOException e) {
            throw new JournalException("Cannot read the " + name + " journal " + file + ": " + e.getMessage(), e);
        }
    }

    private void readSegment(Path file, ByteBuffer all, BiConsumer<ByteBuffer, ByteBuffer> each) {
        CRC32C crc = new CRC32C();
        while (all.remaining() >= HEADER) {
            int start = all.position();
            int length = all.getInt();
            int checksum = all.getInt();
            if (length < 2 || length > MAX_RECORD + 2 + MAX_OWNER || length > all.remaining()) {
                all.position(start);
                break;
            }
            ByteBuffer record = all.slice(all.position(), length);
            crc.reset();
            crc.update(record.duplicate());
            int ownerLength = record.getShort(0);
            if ((int) crc.getValue() != checksum || ownerLength < 0 || ownerLength > length - 2) {
                all.position(start);
                break;
            }
            all.position(all.position() + length);
            each.accept(record.slice(2, ownerLength), record.slice(2 + ownerLength, length - 2 - ownerLength).asReadOnlyBuffer());
        }
        if (all.hasRemaining()) {
            // a write cut short by a crash: nobody was told those bytes were safe
            LOG.warn("The {} journal {} ends with {} bytes that are not an intact record; they are ignored", name,
                    file.getFileName(), all.remaining());
        }
    }

    /** Opens a new segment after the existing ones and starts the committer. */
    public void start() {
        try {
            OwnerOnlyFiles.folder(folder);
            List<Path> existing = segments();
            long last = existing.isEmpty() ? 0 : number(existing.get(existing.size() - 1));
            // every owner with records left behind needs them until it has opened and checkpointed
            Set<String> owners = new HashSet<>();
            for (Path file : existing) {
                read(file, (owner, record) -> owners.add(StandardCharsets.UTF_8.decode(owner).toString()));
            }
            synchronized (lock) {
                owners.forEach(o -> neededFrom.put(o, 0L));
                segment = openSegment(last + 1);
                segmentNumber = last + 1;
            }
        } catch (IOException e) {
            throw new JournalException("Cannot open the " + name + " journal in " + folder + ": " + e.getMessage(), e);
        }
        committer = new Thread(this::commitLoop, "crm-" + name + "-journal");
        committer.setDaemon(true);
        committer.start();
    }

    /**
     * Buffers {@code owner}'s record for the next group commit; returns its
     * sequence number for {@link #await}. The caller must not change
     * {@code record} afterwards.
     *
     * @throws JournalException when the journal can no longer commit
     */
    public long append(String owner, byte[] record) {
        byte[] ownerName = owner.getBytes(StandardCharsets.UTF_8);
        if (record.length == 0 || record.length > MAX_RECORD || ownerName.length > MAX_OWNER) {
            throw new IllegalArgumentException("A journal record has 1 to " + MAX_RECORD + " bytes, not " + record.length);
        }
        int length = 2 + ownerName.length + record.length;
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(2).putShort(0, (short) ownerName.length));
        crc.update(ownerName);
        crc.update(record);
        synchronized (lock) {
            if (commitFailure != null) {
                throw commitFailure;
            }
            if (closing || stopped || segment == null) {
                throw new JournalException("The " + name + " journal is " + (closing || stopped ? "closed" : "not started"), null);
            }
            if (buffer.remaining() < HEADER + length) {
                buffer = grow(buffer, HEADER + length);
            }
            buffer.putInt(length).putInt((int) crc.getValue()).putShort((short) ownerName.length).put(ownerName)
                    .put(record);
            // from now on the owner needs this segment until it checkpoints past it
            neededFrom.putIfAbsent(owner, segmentNumber);
            long seq = ++appended;
            lock.notifyAll();
            return seq;
        }
    }

    private static ByteBuffer grow(ByteBuffer full, int needed) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(full.capacity() * 2, full.position() + needed));
        full.flip();
        return bigger.put(full);
    }

    /** The sequence number of the last record appended; awaiting it covers everything appended so far. */
    public long lastAppended() {
        synchronized (lock) {
            return appended;
        }
    }

    /**
     * Returns once the record with sequence number {@code seq}, and every
     * record before it, is on disk.
     *
     * @throws JournalException when it cannot be
     */
    public void await(long seq) {
        if (deferred.get() != null) {
            return; // the caller that deferred awaits a later record, which covers this one
        }
        synchronized (lock) {
            awaitCommitter(() -> durable < seq, "the change was committed");
        }
    }

    /**
     * Waits, holding {@link #lock}, while {@code pending} and the committer
     * runs; an interrupt does not cut it short (what was asked is under way),
     * it is restored afterwards.
     *
     * @throws JournalException when the committer failed or stopped first
     */
    private void awaitCommitter(BooleanSupplier pending, String before) {
        boolean interrupted = false;
        while (pending.getAsBoolean() && commitFailure == null && !stopped) {
            try {
                lock.wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (pending.getAsBoolean()) {
            throw commitFailure != null ? commitFailure
                    : new JournalException("The " + name + " journal closed before " + before, null);
        }
    }

    /**
     * Runs {@code writes} with every {@link #await} of this thread on this
     * journal returning at once: the caller promises to await a record it
     * appends afterwards, which (records being durable in order) makes
     * everything before it durable with the same fsync.
     */
    public void deferringAwaits(Runnable writes) {
        if (deferred.get() != null) {
            writes.run();
            return;
        }
        deferred.set(Boolean.TRUE);
        try {
            writes.run();
        } finally {
            deferred.remove();
        }
    }

    /**
     * Moves the journal on to a new segment once everything appended so far is
     * written; returns the new segment's number. Every record appended before
     * the call is in an earlier segment.
     */
    public long roll() {
        synchronized (lock) {
            rollRequested = true;
            lock.notifyAll();
            awaitCommitter(() -> rollRequested, "a checkpoint");
            return rolledTo;
        }
    }

    /**
     * {@code owner} made durable in its store every record it had in the
     * segments before {@code segment} (from {@link #roll}); deletes the
     * segments no owner needs any more.
     */
    public void checkpointed(String owner, long segment) {
        long keepFrom;
        synchronized (lock) {
            neededFrom.put(owner, segment);
            keepFrom = neededFrom.values().stream().mapToLong(Long::longValue).min().orElse(segment);
        }
        deleteBefore(keepFrom);
    }

    /** {@code owner} closed after a last checkpoint: it needs nothing more of the journal. */
    public void released(String owner) {
        long keepFrom;
        synchronized (lock) {
            neededFrom.remove(owner);
            keepFrom = neededFrom.values().stream().mapToLong(Long::longValue).min().orElse(segmentNumber);
        }
        deleteBefore(keepFrom);
    }

    private void deleteBefore(long keepFrom) {
        for (Path file : segments()) {
            if (number(file) < keepFrom) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    // replaying it again later is harmless: its records are already in the stores
                    LOG.warn("Cannot delete the checkpointed {} journal {}: {}", name, file, e.toString());
                }
            }
        }
    }

    /** Bytes in the current segment, for the owner to checkpoint before it grows too long to replay quickly. */
    public long segmentBytes() {
        return bytesWritten.get();
    }

    /** How many group commits (fsyncs) ran. */
    public long commitCount() {
        return commits.get();
    }

    private void commitLoop() {
        try {
            commitUntilClosed();
        } finally {
            synchronized (lock) {
                stopped = true;
                lock.notifyAll();
            }
            closeSegment();
        }
    }

    /** On close, commits what was appended before it stops, so no waiting caller is left behind. */
    private void commitUntilClosed() {
        while (true) {
            ByteBuffer batch;
            long target;
            boolean roll;
            FileChannel out;
            synchronized (lock) {
                while (appended == durable && !rollRequested && !closing) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                if (appended == durable && !rollRequested) {
                    return; // closing, and nothing left
                }
                target = appended;
                roll = rollRequested;
                batch = buffer;
                buffer = spare;
                spare = batch;
                out = segment;
            }
            try {
                batch.flip();
                while (batch.hasRemaining()) {
                    bytesWritten.addAndGet(out.write(batch));
                }
                batch.clear();
                // the one disk flush of the whole group
                out.force(false);
                commits.incrementAndGet();
                FileChannel next = roll ? openSegment(segmentNumber + 1) : null;
                synchronized (lock) {
                    durable = target;
                    if (roll) {
                        segment = next;
                        segmentNumber++;
                        rolledTo = segmentNumber;
                        rollRequested = false;
                        bytesWritten.set(0);
                    }
                    lock.notifyAll();
                }
                if (roll) {
                    out.close();
                }
            } catch (IOException | RuntimeException e) {
                LOG.error("The {} journal cannot write; durable changes fail until restart", name, e);
                synchronized (lock) {
                    commitFailure = new JournalException("The " + name + " journal cannot write: " + e.getMessage(), e);
                    lock.notifyAll();
                }
                return;
            }
        }
    }

    private FileChannel openSegment(long number) throws IOException {
        Path file = OwnerOnlyFiles.file(folder.resolve(String.format("%s-%016d%s", name, number, SUFFIX)));
        FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        // the new file's name must survive a crash as much as the records that will be in it
        channel.force(true);
        syncFolder();
        return channel;
    }

    private void syncFolder() {
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // some platforms cannot open a folder as a channel; the file's own sync is what they offer
            LOG.debug("Cannot sync folder {}: {}", folder, e.toString());
        }
    }

    private void closeSegment() {
        FileChannel out;
        synchronized (lock) {
            out = segment;
            segment = null;
        }
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                LOG.warn("Cannot close the {} journal: {}", name, e.toString());
            }
        }
    }

    /** The segment files, oldest first. */
    List<Path> segments() {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        String prefix = name + "-";
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> found = new ArrayList<>(files.filter(p -> {
                String f = p.getFileName().toString();
                return f.startsWith(prefix) && f.endsWith(SUFFIX) && number(p) >= 0;
            }).toList());
            found.sort((a, b) -> Long.compare(number(a), number(b)));
            return found;
        } catch (IOException e) {
            throw new JournalException("Cannot list the " + name + " journal in " + folder + ": " + e.getMessage(), e);
        }
    }

    private long number(Path file) {
        String f = file.getFileName().toString();
        try {
            return Long.parseLong(f.substring(name.length() + 1, f.length() - SUFFIX.length()));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** Commits what is appended, then stops the committer; the owner checkpoints before and closes its store after. */
    @Override
    public void close() {
        synchronized (lock) {
            closing = true;
            lock.notifyAll();
        }
        if (committer != null) {
            try {
                committer.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            closeSegment();
        }
    }
}
