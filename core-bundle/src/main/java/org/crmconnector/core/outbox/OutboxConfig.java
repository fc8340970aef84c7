package org.crmconnector.core.outbox;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "CRM connector: delivery outbox",
        description = "Durable store and delivery workers for interaction logs, dispositions and triggers on their way to the CRMs.")
public @interface OutboxConfig {

    @AttributeDefinition(name = "Data folder",
            description = "Where the outbox file lives. Empty means ${user.dir}/data/outbox.")
    String data_folder() default "";

    @AttributeDefinition(name = "Worker threads",
            description = "Deliveries running at once over all tenants. Make it at least the per-tenant limit times the "
                    + "number of tenants whose CRMs may be slow at the same time.")
    int worker_threads() default 16;

    @AttributeDefinition(name = "Maximum attempts",
            description = "Attempts before an item becomes a dead letter.")
    int max_attempts() default 12;

    @AttributeDefinition(name = "Backoff base (milliseconds)",
            description = "Wait after the first failed attempt; it doubles with each further one.")
    long backoff_base_millis() default 1000;

    @AttributeDefinition(name = "Backoff maximum (milliseconds)",
            description = "Longest wait between attempts, unless the CRM asks for longer (Retry-After).")
    long backoff_max_millis() default 300_000;

    @AttributeDefinition(name = "Backoff jitter",
            description = "Share of each wait that is random, 0 to 1, so retries of many items do not arrive together.")
    double backoff_jitter() default 0.5;

    @AttributeDefinition(name = "Per-tenant deliveries in flight",
            description = "Deliveries one tenant may have running at once, so a slow CRM holds only this many workers.")
    int tenant_max_in_flight() default 4;

    @AttributeDefinition(name = "Per-tenant pending limit",
            description = "Undelivered items one tenant may have; beyond it new work is refused (HTTP 503) "
                    + "rather than the outbox growing without bound.")
    int tenant_max_pending() default 100_000;

    @AttributeDefinition(name = "Circuit breaker: failures",
            description = "Consecutive failed deliveries to one adapter instance that open its circuit.")
    int breaker_failure_threshold() default 5;

    @AttributeDefinition(name = "Circuit breaker: open time (seconds)",
            description = "How long an open circuit stops deliveries to the adapter instance before one probe is tried.")
    long breaker_open_seconds() default 30;

    @AttributeDefinition(name = "Lease (seconds)",
            description = "How long a claimed item stays with this node; renewed while delivery runs. After a crash the "
                    + "work becomes claimable again when the lease lapses.")
    long lease_seconds() default 120;

    @AttributeDefinition(name = "Batch size",
            description = "Most interaction logs of one tenant sent in one saveInteractionLogs call.")
    int batch_size() default 200;

    @AttributeDefinition(name = "Poll interval (milliseconds)",
            description = "Longest time between looks for due work when nothing signals it.")
    long poll_interval_millis() default 1000;

    @AttributeDefinition(name = "Shutdown wait (seconds)",
            description = "On stop, how long running deliveries may finish before their items are handed back.")
    long shutdown_wait_seconds() default 10;

    @AttributeDefinition(name = "Record reference retention (days)",
            description = "How long the CRM record written for an interaction is remembered for later updates "
                    + "(a late disposition, a redelivery).")
    long record_ref_retention_days() default 30;
}
