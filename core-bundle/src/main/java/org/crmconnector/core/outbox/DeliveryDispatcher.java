package org.crmconnector.core.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.crmconnector.core.metrics.Metrics;
import org.crmconnector.core.metrics.OutboxCount;
import org.crmconnector.core.routing.AdapterRouter;
import org.crmconnector.crm.CrmConnector;
import org.crmconnector.crm.CrmRecordRef;
import org.crmconnector.crm.DeliveryResult;
import org.crmconnector.crm.InteractionAddition;
import org.crmconnector.crm.InteractionLog;
import org.crmconnector.interaction.Interaction;
import org.crmconnector.store.OutboxItem;
import org.crmconnector.store.OutboxStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves claimed work to the CRMs. One dispatcher thread claims each tenant's
 * due items and hands calls to a worker pool, one call per tenant per round,
 * so tenants take turns; a tenant never has more than its in-flight limit of
 * calls running, so a slow CRM cannot hold every worker. The adapter is
 * looked up for every call, never kept, because adapters are hot-swapped.
 */
final class DeliveryDispatcher implements AdapterRouter.AdapterListener {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryDispatcher.class);
    private static final Duration MIN_SLEEP = Duration.ofMillis(5);
    private static final Duration REF_SWEEP_EVERY = Duration.ofHours(1);
    /** How a dead letter's error begins when the CRM refused the item (CANCEL) rather than failing it. */
    static final String REFUSED = "CRM refused it: ";

    private final OutboxStore store;
    private final TenantAdapterBinding bindings;
    private final AdapterRouter router;
    private final Clock clock;
    private final RetryBackoff backoff;
    private final Metrics metrics;
    /** Who hears of each log's outcome; replaced whole as listeners come and go. */
    volatile List<LogOutcomeListener> outcomeListeners = List.of();
    private final Map<String, TenantLane> lanes;
    private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
    private final String nodeId;
    private final int workerThreads;
    private final int maxInFlight;
    private final int batchSize;
    private final int maxAttempts;
    private final int breakerThreshold;
    private final Duration breakerOpen;
    private final Duration lease;
    private final Duration pollInterval;
    private final Duration shutdownWait;
    private final Duration refRetention;

    private final ThreadPoolExecutor workers;
    private final AtomicInteger busy = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private boolean signalled;
    private volatile boolean running;
    private final RecentLogs recentLogs;
    private boolean stopped;
    private Thread thread;
    private int round;
    private Instant nextRenewal = Instant.MIN;
    private Instant nextRefSweep = Instant.MIN;

    DeliveryDispatcher(OutboxConfig config, String nodeId, OutboxStore store, TenantAdapterBinding bindings,
            AdapterRouter router, Clock clock, RetryBackoff backoff, Metrics metrics,
            Map<String, TenantLane> lanes, RecentLogs recentLogs) {
        this.store = store;
        this.recentLogs = recentLogs;
        this.bindings = bindings;
        this.router = router;
        this.clock = clock;
        this.backoff = backoff;
        this.metrics = metrics;
        this.lanes = lanes;
        this.nodeId = nodeId;
        this.workerThreads = Math.max(1, config.worker_threads());
        this.maxInFlight = Math.max(1, config.tenant_max_in_flight());
        this.batchSize = Math.max(1, config.batch_size());
        this.maxAttempts = Math.max(1, config.max_attempts());
        this.breakerThreshold = config.breaker_failure_threshold();
        this.breakerOpen = Duration.ofSeconds(Math.max(0, config.breaker_open_seconds()));
        this.lease = Duration.ofSeconds(Math.max(5, config.lease_seconds()));
        this.pollInterval = Duration.ofMillis(Math.max(10, config.poll_interval_millis()));
        this.shutdownWait = Duration.ofSeconds(Math.max(0, config.shutdown_wait_seconds()));
        this.refRetention = Duration.ofDays(Math.max(1, config.record_ref_retention_days()));
        AtomicInteger threadNumber = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(workerThreads, workerThreads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "crm-outbox-worker-" + threadNumber.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    void start() {
        running = true;
        router.addListener(this);
        thread = new Thread(this::loop, "crm-outbox-dispatcher");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Stops claiming, lets running calls finish for a while, then hands back
     * every lease still held so that the next start (or another node) takes
     * the work at once.
     */
    void stop() {
        stop(shutdownWait);
    }

    /** As {@link #stop()}, letting running calls finish for at most {@code wait}. Once only: later calls return at once. */
    synchronized void stop(Duration wait) {
        if (stopped) {
            return;
        }
        stopped = true;
        running = false;
        router.removeListener(this);
        signal();
        try {
            if (thread != null) {
                thread.join(pollInterval.toMillis() + 1000);
            }
            workers.shutdown();
            if (!workers.awaitTermination(Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS)) {
                LOG.warn("Outbox: deliveries still running after {}; their items will be delivered again", wait);
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workers.shutdownNow();
        }
        int released = store.releaseAll(nodeId);
        LOG.info("Outbox: node '{}' stopped delivering; handed back {} claimed items", nodeId, released);
    }

    /** Every tenant may have new work: look now. */
    void wakeUp() {
        lanes.values().forEach(TenantLane::markDirty);
        signal();
    }

    void signal() {
        lock.lock();
        try {
            signalled = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void adapterChanged(String instance, boolean available) {
        if (available) {
            // work that waited for this instance may go now
            wakeUp();
        }
    }

    CircuitBreaker breaker(String instance) {
        return breakers.computeIfAbsent(instance, k -> new CircuitBreaker(breakerThreshold, breakerOpen));
    }

    Optional<CircuitBreaker> existingBreaker(String instance) {
        return Optional.ofNullable(breakers.get(instance));
    }

    private void loop() {
        while (running) {
            try {
                Instant now = clock.instant();
                maintain(now);
                if (!dispatchRound(now)) {
                    awaitWork(now);
                }
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.error("Outbox dispatcher: unexpected error; continuing", e);
                awaitWork(clock.instant().plus(pollInterval));
            }
        }
    }

    /** Keeps leases of queued and running items alive, and forgets old record references. */
    private void maintain(Instant now) {
        if (!now.isBefore(nextRenewal)) {
            nextRenewal = now.plus(lease.dividedBy(3));
            for (TenantLane lane : lanes.values()) {
                List<OutboxItem> held = lane.held();
                if (!held.isEmpty()) {
                    store.renewLeases(nodeId, held, now.plus(lease));
                }
            }
        }
        if (!now.isBefore(nextRefSweep)) {
            nextRefSweep = now.plus(REF_SWEEP_EVERY);
            int forgotten = store.forgetRecordRefs(now.minus(refRetention));
            if (forgotten > 0) {
                LOG.info("Outbox: forgot {} CRM record references older than {}", forgotten, refRetention);
            }
        }
    }

    /** Starts at most one call per tenant, beginning with a different tenant each round; true if any started. */
    private boolean dispatchRound(Instant now) {
        List<TenantLane> order = new ArrayList<>(lanes.values());
        boolean started = false;
        int first = order.isEmpty() ? 0 : Math.floorMod(round++, order.size());
        for (int i = 0; i < order.size() && running; i++) {
            if (busy.get() >= workerThreads) {
                return started;
            }
            TenantLane lane = order.get((first + i) % order.size());
            Delivery delivery = lane.start(maxInFlight);
            if (delivery == null && lane.hasFreeSlot(maxInFlight) && lane.shouldClaim(now)) {
                claim(lane, now);
                delivery = lane.start(maxInFlight);
            }
            if (delivery != null) {
                busy.incrementAndGet();
                Delivery d = delivery;
                workers.execute(() -> run(lane, d));
                started = true;
            }
        }
        return started;
    }

    private void claim(TenantLane lane, Instant now) {
        lane.claiming(now, now.plus(pollInterval));
        Optional<String> instance = bindings.adapterInstance(lane.tenantId);
        if (instance.isEmpty() || router.connectorFor(instance.get()).isEmpty()) {
            // no adapter: the items wait, unattempted; the router's listener wakes us when one comes
            return;
        }
        CircuitBreaker breaker = breaker(instance.get());
        if (!breaker.tryAcquire(now)) {
            lane.checkAgainAt(breaker.openUntil());
            return;
        }
        boolean probe = breaker.probing();
        int limit = probe ? 1 : batchSize;
        List<OutboxItem> claimed = store.claim(lane.tenantId, limit, nodeId, now, now.plus(lease));
        if (claimed.isEmpty()) {
            if (probe) {
                breaker.abandonProbe();
            }
            return;
        }
        if (claimed.size() == limit) {
            lane.markDirty();
        }
        List<OutboxItem> logs = claimed.stream().filter(i -> i.kind == OutboxItem.Kind.LOG).toList();
        if (!logs.isEmpty()) {
            lane.add(logs, new Delivery(OutboxItem.Kind.LOG, logs));
        }
        for (OutboxItem item : claimed) {
            if (item.kind != OutboxItem.Kind.LOG) {
                lane.add(List.of(item), new Delivery(item.kind, List.of(item)));
            }
        }
    }

    private void awaitWork(Instant now) {
        Duration sleep = pollInterval;
        for (TenantLane lane : lanes.values()) {
            if (lane.hasFreeSlot(maxInFlight)) {
                Duration untilLane = Duration.between(now, lane.nextWakeAt().isBefore(now) ? now : lane.nextWakeAt());
                if (untilLane.compareTo(sleep) < 0) {
                    sleep = untilLane;
                }
            }
        }
        if (sleep.compareTo(MIN_SLEEP) < 0) {
            sleep = MIN_SLEEP;
        }
        lock.lock();
        try {
            if (!signalled && running) {
                wake.await(sleep.toNanos(), TimeUnit.NANOSECONDS);
            }
            signalled = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }

    private void run(TenantLane lane, Delivery delivery) {
        try {
            deliver(lane, delivery);
        } catch (RuntimeException e) {
            if (running) {
                // a store failure: the items keep their lease and come back when it lapses
                LOG.error("Outbox: could not record the outcome of {} for tenant {}", delivery, lane.tenantId, e);
            }
        } finally {
            lane.finished(delivery);
            busy.decrementAndGet();
            signal();
        }
    }

    private void deliver(TenantLane lane, Delivery delivery) {
        Instant now = clock.instant();
        Optional<String> instance = bindings.adapterInstance(lane.tenantId);
        Optional<CrmConnector> connector = instance.flatMap(router::connectorFor);
        CircuitBreaker breaker = instance.map(this::breaker).orElse(null);
        if (!running || connector.isEmpty() || breaker.rejects(now)) {
            // the adapter went (hot swap), the circuit opened, or we are stopping: hand back, no attempt counted
            store.release(nodeId, delivery.items());
            metrics.outbox(OutboxCount.HANDED_BACK, delivery.items().size());
            if (breaker != null) {
                breaker.abandonProbe();
                if (breaker.rejects(now)) {
                    lane.checkAgainAt(breaker.openUntil());
                }
            }
            return;
        }
        long called = System.nanoTime();
        AdapterCall.Answers answers = AdapterCall.invoke(connector.get(), delivery, store, recentLogs);
        long took = System.nanoTime() - called;
        String error = lastError(answers.results());
        metrics.deliveryCall(lane.tenantId, instance.get(), took, delivery.kind() == OutboxItem.Kind.LOG, error);
        LOG.debug("Outbox: node '{}' delivered {} of tenant {} to '{}' in {} ms: {}", nodeId, delivery, lane.tenantId,
                instance.get(), TimeUnit.NANOSECONDS.toMillis(took), error == null ? "OK" : error);
        record(lane, delivery, answers, breaker, instance.get());
    }

    private void record(TenantLane lane, Delivery delivery, AdapterCall.Answers answers, CircuitBreaker breaker,
            String instance) {
        Instant now = clock.instant();
        boolean anyOk = false;
        boolean anyRetry = false;
        for (int i = 0; i < answers.results().size(); i++) {
            OutboxItem item = delivery.items().get(i);
            DeliveryResult result = answers.results().get(i);
            Interaction logged = answers.payloads().get(i) instanceof InteractionLog log ? log.interaction : null;
            switch (result.status()) {
                case OK:
                    anyOk = true;
                    completed(item, answers.payloads().get(i), result.record(), now);
                    lane.itemGone();
                    lane.delivered.increment();
                    metrics.outbox(OutboxCount.DELIVERED, 1);
                    tellSaved(item, logged, result.record());
                    break;
                case RETRY:
                    anyRetry = true;
                    failed(lane, item, logged, message(result), result.retryAfter(), now);
                    break;
                default:
                    deadLetter(lane, item, logged, REFUSED + message(result));
                    break;
            }
        }
        // a CRM that answered, even "no", is up; only retryable trouble counts against the circuit
        if (anyOk || !anyRetry) {
            breaker.success();
        } else if (breaker.failure(now)) {
            metrics.outbox(OutboxCount.BREAKER_OPENED, 1);
            LOG.warn("Outbox: circuit of adapter instance '{}' opened after repeated failures; retrying at {}",
                    instance, breaker.openUntil());
        }
    }

    /**
     * Forgets the item, remembering what later requests ask about: the record a log wrote (or, when the
     * adapter named none, that it reached the CRM), and which additions were delivered. An addition's
     * record never takes the place of its log's.
     */
    private void completed(OutboxItem item, Object payload, CrmRecordRef record, Instant now) {
        if (item.kind == OutboxItem.Kind.ADDITION && payload instanceof InteractionAddition addition) {
            CrmRecordRef written = record != null ? record : addition.record != null ? addition.record : new CrmRecordRef();
            store.saveRecordRef(item.tenantId, addition.key(), written, now);
            store.complete(item, null, now);
            return;
        }
        if (item.kind == OutboxItem.Kind.LOG && record == null) {
            store.saveRecordRef(item.tenantId, Outbox.loggedMarkerKey(item.orderingKey), new CrmRecordRef(), now);
        }
        store.complete(item, record, now);
    }

    private void failed(TenantLane lane, OutboxItem item, Interaction logged, String message, Duration retryAfter,
            Instant now) {
        lane.failed.increment();
        int attempts = item.attempts + 1;
        if (attempts >= maxAttempts) {
            deadLetter(lane, item, logged, "Gave up after " + attempts + " attempts: " + message);
            return;
        }
        Instant next = now.plus(backoff.delay(attempts, retryAfter));
        store.reschedule(item, message, next);
        lane.retryAt(next);
        metrics.outbox(OutboxCount.RETRIED, 1);
    }

    /** {@code logged}: the interaction of a log item, for its agent to be told; null for other work. */
    private void deadLetter(TenantLane lane, OutboxItem item, Interaction logged, String error) {
        store.deadLetter(item, error);
        lane.itemGone();
        metrics.outbox(OutboxCount.DEAD_LETTERED, 1);
        LOG.warn("Outbox: item {} ({} {}) of tenant {} is a dead letter on node '{}': {}", item.id, item.kind,
                item.orderingKey, item.tenantId, nodeId, error);
        tellFailed(item, logged, error);
    }

    private void tellSaved(OutboxItem item, Interaction logged, CrmRecordRef record) {
        if (logged != null) {
            for (LogOutcomeListener listener : outcomeListeners) {
                try {
                    listener.logSaved(item.tenantId, logged, record);
                } catch (RuntimeException e) {
                    LOG.debug("Outbox: a log outcome listener failed", e);
                }
            }
        }
    }

    private void tellFailed(OutboxItem item, Interaction logged, String error) {
        if (logged != null) {
            for (LogOutcomeListener listener : outcomeListeners) {
                try {
                    listener.logFailed(item.tenantId, logged, item.id, error);
                } catch (RuntimeException e) {
                    LOG.debug("Outbox: a log outcome listener failed", e);
                }
            }
        }
    }

    /** The CRM's complaint about the last item it did not take, for the tenant's last error; null when it took all. */
    private static String lastError(List<DeliveryResult> results) {
        String error = null;
        for (DeliveryResult r : results) {
            if (r != null && r.status() != DeliveryResult.Status.OK) {
                error = r.status() + ": " + (r.message() == null ? "(no message)" : r.message());
            }
        }
        return error;
    }

    private static String message(DeliveryResult result) {
        return result.message() == null || result.message().isBlank() ? "(no message)" : result.message();
    }
}
