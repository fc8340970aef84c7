package org.crmconnector.core.outbox;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.crmconnector.store.OutboxItem;

/**
 * One tenant's place in the delivery engine: its claimed calls waiting for a
 * worker, how many of its calls run now (bounded, so a slow CRM holds only a
 * few workers), and when to look for more of its work.
 */
final class TenantLane {

    final String tenantId;
    /** Undelivered items, dead letters excluded; bounds the tenant's queue. */
    final AtomicInteger undelivered = new AtomicInteger();
    final LongAdder delivered = new LongAdder();
    final LongAdder failed = new LongAdder();

    private final ArrayDeque<Delivery> ready = new ArrayDeque<>();
    /** Items this node has claimed and not finished, by id: their leases are renewed until then. */
    private final Map<Long, OutboxItem> held = new ConcurrentHashMap<>();
    private int inFlight;
    private boolean dirty = true;
    private Instant nextCheckAt = Instant.MIN;
    private Instant earliestRetryAt;

    TenantLane(String tenantId) {
        this.tenantId = tenantId;
    }

    /** Reserves room for one more item; false when the tenant is at its limit. */
    boolean reserve(int maxPending) {
        while (true) {
            int n = undelivered.get();
            if (n >= maxPending) {
                return false;
            }
            if (undelivered.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    void itemGone() {
        undelivered.decrementAndGet();
    }

    synchronized boolean hasFreeSlot(int maxInFlight) {
        return inFlight < maxInFlight;
    }

    /** The next claimed call, counted as in flight; null when none waits or the tenant is at its limit. */
    synchronized Delivery start(int maxInFlight) {
        if (inFlight >= maxInFlight || ready.isEmpty()) {
            return null;
        }
        inFlight++;
        return ready.poll();
    }

    synchronized void add(List<OutboxItem> claimed, Delivery delivery) {
        ready.add(delivery);
        claimed.forEach(i -> held.put(i.id, i));
    }

    synchronized void finished(Delivery delivery) {
        inFlight--;
        delivery.items().forEach(i -> held.remove(i.id));
        // the next item of each delivered key may now be due
        dirty = true;
    }

    synchronized int inFlight() {
        return inFlight;
    }

    /** Claimed items not yet finished, queued or running. */
    List<OutboxItem> held() {
        return new ArrayList<>(held.values());
    }

    synchronized void markDirty() {
        dirty = true;
    }

    /** Whether to ask the store for more: something changed, or a wait is over. */
    synchronized boolean shouldClaim(Instant now) {
        return dirty || !now.isBefore(nextCheckAt) || (earliestRetryAt != null && !now.isBefore(earliestRetryAt));
    }

    /** Called when asking the store: nothing to look at again before {@code nextCheck} unless told. */
    synchronized void claiming(Instant now, Instant nextCheck) {
        dirty = false;
        nextCheckAt = nextCheck;
        if (earliestRetryAt != null && !now.isBefore(earliestRetryAt)) {
            earliestRetryAt = null;
        }
    }

    synchronized void checkAgainAt(Instant when) {
        if (when.isBefore(nextCheckAt)) {
            nextCheckAt = when;
        }
    }

    synchronized void retryAt(Instant when) {
        if (earliestRetryAt == null || when.isBefore(earliestRetryAt)) {
            earliestRetryAt = when;
        }
    }

    /** When this lane next wants a look, for the dispatcher's sleep. */
    synchronized Instant nextWakeAt() {
        if (dirty) {
            return Instant.MIN;
        }
        return earliestRetryAt != null && earliestRetryAt.isBefore(nextCheckAt) ? earliestRetryAt : nextCheckAt;
    }
}
