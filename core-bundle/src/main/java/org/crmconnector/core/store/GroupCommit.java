package org.crmconnector.core.store;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for an MVStore: a caller writes its change into the maps,
 * then {@link #await()}s while one committer thread commits and syncs
 * everything written so far in one go and releases every waiting caller
 * together. One fsync is shared by all the changes in flight, so durability
 * costs a disk flush per group, not per request.
 * <p>
 * Changes written without waiting are committed with the next group (or by
 * MVStore's background writer), which is what callers want for state whose
 * loss in a crash costs at most a repeated delivery.
 */
public final class GroupCommit implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

    private final MVStore store;
    private final String name;
    private final BiFunction<String, Throwable, RuntimeException> failure;
    private final Object lock = new Object();
    private final AtomicLong commits = new AtomicLong();
    private final Thread committer;
    private long written;
    private long committed;
    private boolean closing;
    private boolean stopped;
    private RuntimeException commitFailure;

    /**
     * Starts the committer thread for {@code store}.
     *
     * @param failure makes the exception (from a message and a cause, which may be null) that waiting
     *            callers get when the store cannot commit
     */
    public GroupCommit(MVStore store, String name, BiFunction<String, Throwable, RuntimeException> failure) {
        this.store = store;
        this.name = name;
        this.failure = failure;
        this.committer = new Thread(this::commitLoop, "crm-" + name + "-committer");
        committer.setDaemon(true);
        committer.start();
    }

    /**
     * Returns once everything this thread wrote into the store before the
     * call is committed and synced to disk.
     *
     * @throws RuntimeException made by the failure function when it cannot be committed
     */
    public void await() {
        awaitCommitted(markWritten());
    }

    /**
     * Asks for what this thread wrote to be committed with the next group,
     * without waiting for it: for changes no client was told are safe.
     */
    public void soon() {
        markWritten();
    }

    /** How many commits ran; fewer than the callers that waited when they shared them. */
    public long commitCount() {
        return commits.get();
    }

    /** The change is in the map before the sequence is taken, so the commit that covers the sequence covers it. */
    private long markWritten() {
        synchronized (lock) {
            long seq = ++written;
            lock.notifyAll();
            return seq;
        }
    }

    private void awaitCommitted(long seq) {
        boolean interrupted = false;
        synchronized (lock) {
            while (committed < seq && commitFailure == null && !stopped) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    // the change is already written; finish waiting for its commit, then restore the flag
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (committed < seq) {
                throw commitFailure != null ? commitFailure
                        : failure.apply("The " + name + " store closed before the change was committed", null);
            }
        }
    }

    private void commitLoop() {
        try {
            commitUntilClosed();
        } finally {
            synchronized (lock) {
                stopped = true;
                lock.notifyAll();
            }
        }
    }

    /** On close, commits what was written before it stops, so no waiting caller is left behind. */
    private void commitUntilClosed() {
        while (true) {
            long target;
            synchronized (lock) {
                while (written == committed && !closing) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                if (written == committed) {
                    return;
                }
                target = written;
            }
            try {
                store.commit();
                // commit hands the chunk to the OS; sync puts it on the disk, once for the whole group
                store.sync();
                commits.incrementAndGet();
                synchronized (lock) {
                    committed = target;
                    lock.notifyAll();
                }
            } catch (RuntimeException e) {
                LOG.error("The {} store's commit failed; durable writes fail until restart", name, e);
                synchronized (lock) {
                    commitFailure = failure.apply("The " + name + " store's commit failed: " + e.getMessage(), e);
                    lock.notifyAll();
                }
                return;
            }
        }
    }

    /** Commits what is written, then stops the committer; the caller closes the store afterwards. */
    @Override
    public void close() {
        synchronized (lock) {
            closing = true;
            lock.notifyAll();
        }
        try {
            committer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
