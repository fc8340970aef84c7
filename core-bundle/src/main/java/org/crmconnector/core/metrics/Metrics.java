package org.crmconnector.core.metrics;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.codahale.metrics.Clock;
import com.codahale.metrics.Counter;
import com.codahale.metrics.LockFreeExponentiallyDecayingReservoir;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.SettableGauge;
import com.codahale.metrics.Snapshot;
import com.codahale.metrics.Timer;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The connector's one metrics registry (Dropwizard metrics-core) and the only
 * way into it: each thing that happens is one call here, which updates every
 * figure it feeds. /metrics, the Web Console and the shell all read this
 * registry, so they cannot disagree.
 * <p>
 * Series served at /metrics are named as Prometheus writes them (see
 * {@link SeriesName}); the console's figures have dotted names:
 * {@code adapter.<instance>.calls|failures}, {@code tenant.<id>.pops|pop-failures|logs|last-error},
 * {@code outbox.<counter>}.
 */
@Component(service = Metrics.class)
public class Metrics {

    private static final String TENANT = "tenant.";
    private static final String LAST_ERROR = ".last-error";
    private static final String EXCLUDED = "crm_interactions_excluded_total";

    private final MetricRegistry registry = new MetricRegistry();
    private final Clock clock;

    @Activate
    public Metrics() {
        this(Clock.defaultClock());
    }

    /** With {@code clock} for the last-hour windows, error times and latency samples. */
    public Metrics(Clock clock) {
        this.clock = clock;
    }

    // ---- what happens ----

    /** An API request answered with {@code status}; {@code tenant} is the tenant label or a placeholder. */
    public void apiRequest(String tenant, String route, String status) {
        registry.counter(SeriesName.of("crm_http_requests_total", "tenant", tenant, "route", route, "status", status)).inc();
    }

    /** A softphone or channel event of {@code type} accepted for the tenant. */
    public void softphoneEvent(String tenant, String type) {
        registry.counter(SeriesName.of("crm_events_total", "tenant", tenant, "type", type)).inc();
    }

    /**
     * A screen-pop lookup came to {@code status} ({@code ok} or why not): a pop
     * of the last hour, and unless ok a failure and the tenant's last error.
     */
    public void pop(String tenant, String status, String message) {
        registry.counter(SeriesName.of("crm_pops_total", "tenant", tenant, "status", status)).inc();
        mark(tenant, Activity.POP);
        if (!"ok".equals(status)) {
            mark(tenant, Activity.POP_FAILURE);
            error(tenant, "pop", status + ": " + message);
        }
    }

    /** A pop reached the agent {@code nanos} after the event that caused it. */
    public void popShown(String tenant, long nanos) {
        histogram(SeriesName.of("crm_pop_latency_seconds", "tenant", tenant)).observe(nanos);
    }

    /** A lookup call to the adapter instance took {@code nanos}. */
    public void lookupCall(String instance, long nanos, boolean failed) {
        adapterCall(instance, nanos, failed);
    }

    /**
     * The outbox made one adapter call for the tenant (a batch of logs is one
     * call); {@code error} is the CRM's last complaint, null when every item went through.
     */
    public void deliveryCall(String tenant, String instance, long nanos, boolean logBatch, String error) {
        adapterCall(instance, nanos, error != null);
        outbox(OutboxCount.ADAPTER_CALLS, 1);
        if (logBatch) {
            outbox(OutboxCount.LOG_BATCHES, 1);
        }
        if (error != null) {
            error(tenant, "delivery", error);
        }
    }

    /** An interaction log was stored for delivery. */
    public void logStored(String tenant) {
        registry.counter(SeriesName.of("crm_logs_total", "tenant", tenant)).inc();
        mark(tenant, Activity.LOG);
    }

    /**
     * The first log of an interaction was stored when it ended; its wrap-up
     * adds the log counted by {@link #logStored}, so that one still counts
     * each interaction once.
     */
    public void endedLogStored(String tenant) {
        registry.counter(SeriesName.of("crm_logs_ended_total", "tenant", tenant)).inc();
    }

    /** The connector finished an interaction itself: {@code wrap-up-timeout} or {@code abandoned}. */
    public void interactionTimedOut(String tenant, String reason) {
        registry.counter(SeriesName.of("crm_interactions_timed_out_total", "tenant", tenant, "reason", reason)).inc();
    }

    /** An interaction of a number the tenant keeps out of the CRM finished: neither looked up nor logged. */
    public void interactionExcluded(String tenant) {
        registry.counter(SeriesName.of(EXCLUDED, "tenant", tenant)).inc();
    }

    /** How many of the tenant's interactions were kept out of the CRM since start. */
    public long excluded(String tenant) {
        return count(EXCLUDED, "tenant", tenant);
    }

    /** A trigger the outbox could not take. */
    public void triggerDropped(String tenant) {
        registry.counter(SeriesName.of("crm_triggers_dropped_total", "tenant", tenant)).inc();
    }

    /** {@code count} outbox items (or events) of the kind. */
    public void outbox(OutboxCount kind, long count) {
        registry.counter("outbox." + kind.key).inc(count);
    }

    /**
     * {@code crm_node_info{node="<id>"} 1}: which node these figures are from, for dashboards that join
     * a cluster's scrapes by node rather than by address.
     */
    public void node(String nodeId) {
        gauge(SeriesName.of("crm_node_info", "node", nodeId), () -> 1);
    }

    /** A value read when /metrics is rendered; replaces an earlier gauge of the name (a re-activated servlet). */
    public void gauge(String name, Supplier<Number> value) {
        registry.remove(name);
        registry.registerGauge(name, value::get);
    }

    // ---- what is read ----

    /** The Prometheus text of every series named for it. */
    public String prometheusText() {
        return PrometheusText.render(registry);
    }

    /** A Prometheus counter's value; 0 when nothing was counted. */
    public long count(String family, String... labels) {
        Metric m = registry.getMetrics().get(SeriesName.of(family, labels));
        return m instanceof Counter c ? c.getCount() : 0;
    }

    public AdapterFigures adapter(String instance) {
        Map<String, Metric> all = registry.getMetrics();
        if (!(all.get("adapter." + instance + ".calls") instanceof Timer calls)) {
            return new AdapterFigures(instance, 0, 0, -1, -1);
        }
        Metric failures = all.get("adapter." + instance + ".failures");
        Snapshot s = calls.getSnapshot();
        return new AdapterFigures(instance, calls.getCount(), failures instanceof Counter c ? c.getCount() : 0,
                s.getMedian() / 1e6, s.get99thPercentile() / 1e6);
    }

    /** Events of {@code kind} for the tenant in the last 60 minutes, the current one included. */
    public long lastHour(String tenant, Activity kind) {
        return registry.getMetrics().get(name(tenant, kind)) instanceof LastHourCount w ? w.getValue() : 0;
    }

    public Optional<LastError> lastError(String tenant) {
        return registry.getMetrics().get(TENANT + tenant + LAST_ERROR) instanceof SettableGauge<?> g
                ? Optional.ofNullable((LastError) g.getValue()) : Optional.empty();
    }

    /** Tenants with any recorded activity or error. */
    public Set<String> tenants() {
        Set<String> ids = new TreeSet<>();
        for (String name : registry.getNames()) {
            if (name.startsWith(TENANT)) {
                String rest = name.substring(TENANT.length());
                ids.add(rest.substring(0, rest.lastIndexOf('.')));
            }
        }
        return ids;
    }

    /** The outbox counters since start, in their stable order. */
    public Map<String, Long> outboxCounts() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (OutboxCount kind : OutboxCount.values()) {
            m.put(kind.key, registry.counter("outbox." + kind.key).getCount());
        }
        return m;
    }

    // ---- the registry's own shapes ----

    /**
     * Requests and latency per adapter instance. The reservoir keeps a fixed
     * number of samples weighted to the last minutes, so the console's p50/p99
     * say how the CRM answers now at a bounded cost on the delivery thread.
     */
    private void adapterCall(String instance, long nanos, boolean failed) {
        if (instance == null || instance.isEmpty()) {
            return;
        }
        registry.timer("adapter." + instance + ".calls",
                () -> new Timer(LockFreeExponentiallyDecayingReservoir.builder().clock(clock).build(), clock))
                .update(nanos, TimeUnit.NANOSECONDS);
        if (failed) {
            registry.counter("adapter." + instance + ".failures").inc();
        }
    }

    private void mark(String tenant, Activity kind) {
        if (tenant != null) {
            registry.gauge(name(tenant, kind), () -> new LastHourCount(clock)).mark();
        }
    }

    private void error(String tenant, String source, String message) {
        if (tenant == null) {
            return;
        }
        SettableGauge<LastError> last = registry.gauge(TENANT + tenant + LAST_ERROR);
        last.setValue(new LastError(Instant.ofEpochMilli(clock.getTime()), source,
                message == null ? "(no message)" : message));
    }

    private LatencyHistogram histogram(String name) {
        if (registry.getMetrics().get(name) instanceof LatencyHistogram h) {
            return h;
        }
        try {
            return registry.register(name, new LatencyHistogram());
        } catch (IllegalArgumentException raced) {
            return (LatencyHistogram) registry.getMetrics().get(name);
        }
    }

    private static String name(String tenant, Activity kind) {
        return TENANT + tenant + "." + kind.suffix;
    }
}
