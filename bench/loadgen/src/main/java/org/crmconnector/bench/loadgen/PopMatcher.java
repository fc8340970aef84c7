package org.crmconnector.bench.loadgen;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Matches the screenPops read from agent streams to the incomingCalls waiting
 * for them (by interactionId), and counts what arrives: pop statuses, pops no
 * one waited for (stray), and the size of their data lines.
 */
final class PopMatcher implements SseHub.Listener {

    private final Map<String, CompletableFuture<Long>> pending = new ConcurrentHashMap<>();
    final Map<String, LongAdder> statuses = new ConcurrentHashMap<>();
    final AtomicInteger stray = new AtomicInteger();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder count = new LongAdder();

    /** Completes with the arrival time ({@link System#nanoTime()}) of the pop of interaction {@code id}. */
    CompletableFuture<Long> expect(String id) {
        CompletableFuture<Long> f = new CompletableFuture<>();
        pending.put(id, f);
        return f;
    }

    void forget(String id) {
        pending.remove(id);
    }

    /** Forgets the pops still awaited and the status counts. */
    void clear() {
        pending.clear();
        statuses.clear();
    }

    /** Average data bytes of the screenPops seen so far; NaN before the first. */
    double averageBytes() {
        return count.sum() > 0 ? bytes.sum() / (double) count.sum() : Double.NaN;
    }

    @Override
    public void onEvent(SseHub.Stream s, String event, String data, long nanos) {
        if (!event.equals("screenPop")) {
            return;
        }
        String id = field(data, "interactionId");
        bytes.add(data.length());
        count.increment();
        statuses.computeIfAbsent(String.valueOf(field(data, "status")), k -> new LongAdder()).increment();
        CompletableFuture<Long> f = id == null ? null : pending.remove(id);
        if (f == null) {
            stray.incrementAndGet();
        } else {
            f.complete(nanos);
        }
    }

    private static String field(String json, String name) {
        String marker = "\"" + name + "\":\"";
        int i = json.indexOf(marker);
        if (i < 0) {
            return null;
        }
        int from = i + marker.length();
        int to = json.indexOf('"', from);
        return to < 0 ? null : json.substring(from, to);
    }
}
