package org.crmconnector.reliability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The servers the load sends to, one or the nodes of a cluster, and which of
 * them are away. A node is away from the first request it left unanswered
 * (killed, connection refused or reset) or refused with 503 DRAINING, until
 * it is back: {@code /health} 200 with every tenant, {@code /health/ready}
 * 200, and the tenant's {@code GET interactions} 200. Senders take the first
 * node that is not away, from the one they prefer on; while every node is
 * away they wait at the gate.
 */
final class Nodes {

    private final List<String> bases;
    private final boolean[] up;
    private final long[] downSinceNanos;
    private final String[] downSnapshot;
    private final HttpClient http;
    private final String tenant;
    private final String key;
    private final int tenants;
    private final Supplier<String> snapshot;
    private final long t0Nanos;
    private final List<String> outages = new ArrayList<>();
    private int comebacks;

    Nodes(List<String> bases, HttpClient http, String tenant, String key, int tenants, Supplier<String> snapshot,
            long t0Nanos) {
        this.bases = List.copyOf(bases);
        this.up = new boolean[bases.size()];
        java.util.Arrays.fill(up, true);
        this.downSinceNanos = new long[bases.size()];
        this.downSnapshot = new String[bases.size()];
        this.http = http;
        this.tenant = tenant;
        this.key = key;
        this.tenants = tenants;
        this.snapshot = snapshot;
        this.t0Nanos = t0Nanos;
    }

    int size() {
        return bases.size();
    }

    String base(int node) {
        return bases.get(node);
    }

    synchronized boolean anyUp() {
        for (boolean u : up) {
            if (u) {
                return true;
            }
        }
        return false;
    }

    /** Times any node came back after being away. */
    synchronized int comebacks() {
        return comebacks;
    }

    /** The first node not away from {@code preferred} on (modulo the number of nodes); waits while all are. */
    synchronized int awaitUp(int preferred) throws InterruptedException {
        for (;;) {
            for (int i = 0; i < up.length; i++) {
                int n = Math.floorMod(preferred + i, up.length);
                if (up[n]) {
                    return n;
                }
            }
            wait(1000);
        }
    }

    /** The node left a request unanswered, or said it is draining: away until {@link #poll} sees it back. */
    synchronized void away(int node, String why) {
        if (!up[node]) {
            return;
        }
        up[node] = false;
        downSinceNanos[node] = System.nanoTime();
        downSnapshot[node] = name(node) + "gone (" + why + ") at +" + (downSinceNanos[node] - t0Nanos) / 1_000_000
                + " ms of the load; " + snapshot.get();
        notifyAll();
    }

    /** Checks the nodes that are away every 200 ms and lets senders through to each one that is back. */
    void poll(BooleanSupplier running) {
        while (running.getAsBoolean()) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
            for (int n = 0; n < up.length; n++) {
                synchronized (this) {
                    if (up[n]) {
                        continue;
                    }
                }
                if (!back(n)) {
                    continue;
                }
                synchronized (this) {
                    comebacks++;
                    outages.add("outage " + (outages.size() + 1) + ": " + downSnapshot[n] + "; back (health, readiness "
                            + "and API) after " + (System.nanoTime() - downSinceNanos[n]) / 1_000_000 + " ms");
                    up[n] = true;
                    notifyAll();
                }
            }
        }
    }

    /** The outages seen, and the nodes still away, one line each. */
    synchronized List<String> outages() {
        List<String> o = new ArrayList<>(outages);
        for (int n = 0; n < up.length; n++) {
            if (!up[n]) {
                o.add("outage " + (o.size() + 1) + ": " + downSnapshot[n] + "; not back when the load ended");
            }
        }
        return o;
    }

    private String name(int node) {
        return bases.size() == 1 ? "server " : "node " + bases.get(node) + " ";
    }

    private boolean back(int node) {
        String base = bases.get(node);
        try {
            HttpResponse<String> h = http.send(HttpRequest.newBuilder(URI.create(base + "/health"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (h.statusCode() != 200 || !h.body().contains("\"tenants\":" + tenants)) {
                return false;
            }
            HttpResponse<Void> ready = http.send(HttpRequest.newBuilder(URI.create(base + "/health/ready"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
            if (ready.statusCode() != 200) {
                return false;
            }
            HttpResponse<Void> api = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/tenants/" + tenant
                    + "/interactions")).timeout(Duration.ofSeconds(2)).header("Authorization", "Bearer " + key).GET()
                    .build(), HttpResponse.BodyHandlers.discarding());
            return api.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
