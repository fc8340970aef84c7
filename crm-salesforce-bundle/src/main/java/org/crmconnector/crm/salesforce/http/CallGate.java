package org.crmconnector.crm.salesforce.http;

import java.time.Duration;

/**
 * Counts calls in flight so that deactivation can let them finish before the
 * HTTP client's threads go away, and turns away calls that arrive after.
 */
public final class CallGate {

    private int inFlight;
    private boolean closed;

    /** @return false when closed: the caller must not start */
    public synchronized boolean enter() {
        if (closed) {
            return false;
        }
        inFlight++;
        return true;
    }

    public synchronized void exit() {
        inFlight--;
        if (inFlight == 0) {
            notifyAll();
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

    public synchronized boolean isClosed() {
        return closed;
    }
}
