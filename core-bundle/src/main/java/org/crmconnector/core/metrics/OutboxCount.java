package org.crmconnector.core.metrics;

/** The outbox's counters since start, in the order the console and the benchmark list them. */
public enum OutboxCount {
    ENQUEUED("enqueued"), REFUSED("refused"), DELIVERED("delivered"), RETRIED("retried"),
    DEAD_LETTERED("deadLettered"), ADAPTER_CALLS("adapterCalls"), LOG_BATCHES("logBatches"),
    HANDED_BACK("handedBack"), BREAKER_OPENED("breakerOpened"),
    /** Logs that took the place of an undelivered earlier log of their interaction. */
    MERGED("merged");

    /** The name in {@code Outbox.metrics()}. */
    public final String key;

    OutboxCount(String key) {
        this.key = key;
    }
}
