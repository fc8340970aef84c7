package org.crmconnector.crm.support.http;

import java.time.Duration;

/**
 * Counts calls in flight so that stopping can let them finish before the
 * HTTP client's threads go away, and turns away calls that arrive after.
 * Stopping either waits ({@link #closeAndAwait}) or leaves the clean-up to
 * the last call out ({@link #closeThen}).
 */
public final class CallGate {

    private int inFlight;
    private boolean closed;
    private Runnable whenDrained;
    private boolean drained;

    /** @return false when closed: the caller must not start */
    public synchronized boolean enter() {
        if (closed) {
            return false;
        }
        inFlight++;
        return true;
    }

    /** Ends a call {@link #enter()} let in. */
    public synchronized void exit() {
        inFlight--;
        if (inFlight == 0) {
            notifyAll();
            drainIfClosed();
        }
    }

    /** Closes the gate and waits up to {@code timeout} for calls in flight. */
    public synchronized boolean closeAndAwait(Duration timeout) throws InterruptedException {
        closed = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /**
     * Closes the gate without waiting: {@code cleanUp} runs once no call is in
     * flight, at once when none is, else on the thread of the last call out.
     * It runs with the gate locked, so it must be short (closing a client is).
     */
    public synchronized void closeThen(Runnable cleanUp) {
        if (closed) {
            return;
        }
        closed = true;
        whenDrained = cleanUp;
        drainIfClosed();
    }

    private void drainIfClosed() {
        if (closed && inFlight == 0 && whenDrained != null && !drained) {
            drained = true;
            whenDrained.run();
        }
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    /** Whether the clean-up handed to {@link #closeThen} has run. */
    public synchronized boolean isDrained() {
        return drained;
    }
}
