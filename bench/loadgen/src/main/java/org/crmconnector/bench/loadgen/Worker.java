package org.crmconnector.bench.loadgen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One sending thread's connection and tallies. Only requests that start and end
 * inside the window count; the default window counts every request.
 */
final class Worker {

    final int id;
    final HttpPoster http;
    final Samples latency = new Samples(4_000_000);
    final Map<String, Samples> byType = new LinkedHashMap<>();
    final Map<Integer, Integer> statuses = new LinkedHashMap<>();
    private final Report report;
    long ok;
    long failed;
    long seq;
    long windowStart = Long.MIN_VALUE;
    long windowEnd = Long.MAX_VALUE;

    Worker(int id, HttpPoster http, Report report) {
        this.id = id;
        this.http = http;
        this.report = report;
    }

    /** Sends one JSON POST and tallies it; returns the status, -1 when there was no answer. */
    int post(String type, String path, String body) {
        long t0 = System.nanoTime();
        int status;
        try {
            status = http.post(path, body.getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            status = -1;
            report.error(type + ": " + e);
        }
        long t1 = System.nanoTime();
        if (t0 >= windowStart && t1 <= windowEnd) {
            statuses.merge(status, 1, Integer::sum);
            if (status >= 200 && status < 300) {
                ok++;
                latency.add(t1 - t0);
                byType.computeIfAbsent(type, k -> new Samples(2_000_000)).add(t1 - t0);
            } else {
                failed++;
            }
        }
        if ((status < 200 || status >= 300) && status != -1 && !report.errorsFull()) {
            report.error(type + " -> HTTP " + status + ": " + http.lastBody());
        }
        return status;
    }
}
