package org.crmconnector.core.node;

import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Component;

/**
 * Whether this node is draining (stopping, out of the load balancer), and the
 * API requests it is still answering. A request {@link #enter enters} before
 * it is handled and {@link #exit exits} after; once draining began no request
 * enters, and the shutdown waits for those inside ({@link #awaitIdle}).
 */
@Component(service = Draining.class)
public class Draining {

    private volatile boolean draining;
    private int inFlight;

    public boolean active() {
        return draining;
    }

    /** From now on no request enters. Idempotent. */
    public void begin() {
        draining = true;
    }

    /** Counts a request in; false (nothing counted) when the node is draining: answer it 503. */
    public boolean enter() {
        synchronized (this) {
            // counted first, checked second: a request that saw no drain is one the drain waits for
            inFlight++;
        }
        if (draining) {
            exit();
            return false;
        }
        return true;
    }

    public synchronized void exit() {
        inFlight--;
        if (inFlight == 0) {
            notifyAll();
        }
    }

    public synchronized int inFlight() {
        return inFlight;
    }

    /** Waits until no request is inside, at most until {@code deadline} (System.nanoTime); true when none is. */
    public synchronized boolean awaitIdle(long deadline) throws InterruptedException {
        while (inFlight > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }
}
