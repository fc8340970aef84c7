package org.crmconnector.core.outbox;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counters since start, for the Web Console and the benchmark. */
public final class OutboxMetrics {

    final LongAdder enqueued = new LongAdder();
    final LongAdder refused = new LongAdder();
    final LongAdder delivered = new LongAdder();
    final LongAdder retried = new LongAdder();
    final LongAdder deadLettered = new LongAdder();
    final LongAdder adapterCalls = new LongAdder();
    final LongAdder logBatches = new LongAdder();
    final LongAdder handedBack = new LongAdder();
    final LongAdder breakerOpened = new LongAdder();
    /** Logs that took the place of an undelivered earlier log of their interaction. */
    final LongAdder merged = new LongAdder();

    /** The counters by name, in a stable order. */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("enqueued", enqueued.sum());
        m.put("refused", refused.sum());
        m.put("delivered", delivered.sum());
        m.put("retried", retried.sum());
        m.put("deadLettered", deadLettered.sum());
        m.put("adapterCalls", adapterCalls.sum());
        m.put("logBatches", logBatches.sum());
        m.put("handedBack", handedBack.sum());
        m.put("breakerOpened", breakerOpened.sum());
        m.put("merged", merged.sum());
        return m;
    }
}
