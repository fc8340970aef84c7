package org.crmconnector.core.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
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
 * The journal is split into numbered segment files. The owner folds the
 * records into its store in memory and {@link #checkpoint}s from time to
 * time: the journal moves on to a new segment, the owner makes its store
 * durable, and the older segments are deleted. On open, the owner
 * {@link #replay}s what is left (everything after its last checkpoint) before
 * {@link #start}ing.
 * <p>
 * A record is {@code [length][CRC-32C][bytes]}. A torn or corrupt record (a
 * crash in the middle of a write that no caller was told is safe) ends the
 * replay of its segment.
 */
public final class Journal implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);

    static final String SUFFIX = ".journal";
    private static final int HEADER = 8;
    /** Far above any record we write; a length beyond it is a torn header, not a record to allocate for. */
    static final int MAX_RECORD = 64 * 1024 * 1024;

    private final Path folder;
    private final String name;
    private final BiFunction<String, Throwable, RuntimeException> failure;
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
    private RuntimeException commitFailure;

    /**
     * A journal of segment files {@code <name>-<number>.journal} in {@code folder}.
     *
     * @param failure makes the exception (from a message and a cause, which may be null) that callers get
     *            when the journal cannot make their records durable
     */
    public Journal(Path folder, String name, BiFunction<String, Throwable, RuntimeException> failure) {
        this.folder = folder;
        this.name = name;
        this.failure = failure;
    }

    /**
     * Hands every intact record of the existing segments to {@code each}, in
     * the order they were appended; returns how many. Before {@link #start}.
     */
    public long replay(Consumer<ByteBuffer> each) {
        long count = 0;
        for (Path file : segments()) {
            try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
                ByteBuffer all = ByteBuffer.allocate((int) Math.min(in.size(), Integer.MAX_VALUE - 8));
                while (all.hasRemaining() && in.read(all) >= 0) {
                    // read the whole segment: segments are bounded by the owner's checkpoints
                }
                all.flip();
                count += replaySegment(file, all, each);
            } catch (IOException e) {
                throw failure.apply("Cannot read the " + name + " journal " + file + ": " + e.getMessage(), e);
            }
        }
        return count;
    }

    private long replaySegment(Path file, ByteBuffer all, Consumer<ByteBuffer> each) {
        long count = 0;
        CRC32C crc = new CRC32C();
        while (all.remaining() >= HEADER) {
            int start = all.position();
            int length = all.getInt();
            int checksum = all.getInt();
            if (length <= 0 || length > MAX_RECORD || length > all.remaining()) {
                all.position(start);
                break;
            }
            ByteBuffer record = all.slice(all.position(), length);
            crc.reset();
            crc.update(record.duplicate());
            if ((int) crc.getValue() != checksum) {
                all.position(start);
                break;
            }
            all.position(all.position() + length);
            each.accept(record.asReadOnlyBuffer());
            count++;
        }
        if (all.hasRemaining()) {
            // a write cut short by a crash: nobody was told those bytes were safe
            LOG.warn("The {} journal {} ends with {} bytes that are not an intact record; they are ignored", name,
                    file.getFileName(), all.remaining());
        }
        return count;
    }

    /** Opens a new segment after the existing ones and starts the committer. */
    public void start() {
        try {
            OwnerOnlyFiles.folder(folder);
            List<Path> existing = segments();
            long last = existing.isEmpty() ? 0 : number(existing.get(existing.size() - 1));
            synchronized (lock) {
                segment = openSegment(last + 1);
                segmentNumber = last + 1;
            }
        } catch (IOException e) {
            throw failure.apply("Cannot open the " + name + " journal in " + folder + ": " + e.getMessage(), e);
        }
        committer = new Thread(this::commitLoop, "crm-" + name + "-journal");
        committer.setDaemon(true);
        committer.start();
    }

    /**
     * Buffers a record for the next group commit; returns its sequence number
     * for {@link #await}. The caller must not change {@code record} afterwards.
     *
     * @throws RuntimeException made by the failure function when the journal can no longer commit
     */
    public long append(byte[] record) {
        if (record.length == 0 || record.length > MAX_RECORD) {
            throw new IllegalArgumentException("A journal record has 1 to " + MAX_RECORD + " bytes, not " + record.length);
        }
        CRC32C crc = new CRC32C();
        crc.update(record);
        synchronized (lock) {
            if (commitFailure != null) {
                throw commitFailure;
            }
            if (closing || stopped) {
                throw failure.apply("The " + name + " journal is closed", null);
            }
            if (buffer.remaining() < HEADER + record.length) {
                buffer = grow(buffer, HEADER + record.length);
            }
            buffer.putInt(record.length).putInt((int) crc.getValue()).put(record);
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
     * @throws RuntimeException made by the failure function when it cannot be
     */
    public void await(long seq) {
        boolean interrupted = false;
        synchronized (lock) {
            while (durable < seq && commitFailure == null && !stopped) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    // the record is buffered; finish waiting for its commit, then restore the flag
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (durable < seq) {
                throw commitFailure != null ? commitFailure
                        : failure.apply("The " + name + " journal closed before the change was committed", null);
            }
        }
    }

    /**
     * Moves the journal on to a new segment, runs {@code persist} (which makes
     * durable everything the owner folded in from the earlier segments) and
     * then deletes those segments. A record appended before this call is in
     * an earlier segment; one appended during it may be in either.
     *
     * @throws RuntimeException when the journal cannot move on, or {@code persist} fails (nothing is deleted)
     */
    public void checkpoint(Runnable persist) {
        long newSegment;
        synchronized (lock) {
            rollRequested = true;
            lock.notifyAll();
            boolean interrupted = false;
            while (rollRequested && commitFailure == null && !stopped) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (rollRequested) {
                throw commitFailure != null ? commitFailure
                        : failure.apply("The " + name + " journal closed before a checkpoint", null);
            }
            newSegment = rolledTo;
        }
        persist.run();
        for (Path file : segments()) {
            if (number(file) < newSegment) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    // replaying it again later is harmless: its records are already in the store
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
                    commitFailure = failure.apply("The " + name + " journal cannot write: " + e.getMessage(), e);
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
            throw failure.apply("Cannot list the " + name + " journal in " + folder + ": " + e.getMessage(), e);
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
