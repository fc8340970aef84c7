package org.crmconnector.crm.support.http;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP clients of one adapter bundle, shared by all its instances: one
 * client per distinct connection setting (the connect timeout), all running on
 * one executor. In Java 17 each client has a selector thread of its own, so a
 * client per instance made threads grow with instances (about one per
 * instance, issue 16); shared, they grow with the calls in flight instead.
 * Sharing is safe because nothing of a tenant lives in the client: no cookie
 * handler, no authenticator, no redirects followed; credentials travel with
 * each request.
 * <p>
 * Each adapter bundle makes it a component of its own with a subclass in its
 * own package (bnd generates no component for classes that -conditionalpackage
 * copies in); the instances reference that subclass.
 */
public class SharedHttpClients implements AutoCloseable {

    private final ExecutorService executor;
    private final Map<Duration, Shared> clients = new HashMap<>();
    private boolean closed;

    /** @param threadPrefix names the threads {@code <prefix>-1}, {@code <prefix>-2}, ... for thread dumps */
    public SharedHttpClients(String threadPrefix) {
        AtomicInteger count = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, threadPrefix + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** A client connecting within {@code connectTimeout}; close the lease when the instance no longer needs it. */
    public synchronized Lease lease(Duration connectTimeout) {
        if (closed) {
            throw new IllegalStateException("the adapter's HTTP clients are closed");
        }
        Shared shared = clients.computeIfAbsent(connectTimeout, timeout -> new Shared(HttpClient.newBuilder()
                .connectTimeout(timeout).executor(executor).followRedirects(HttpClient.Redirect.NEVER).build()));
        shared.leases++;
        return new Lease(connectTimeout, shared.client);
    }

    /** How many distinct clients are leased out now. */
    public synchronized int clientCount() {
        return clients.size();
    }

    private synchronized void release(Duration connectTimeout) {
        Shared shared = clients.get(connectTimeout);
        if (shared != null && --shared.leases == 0) {
            clients.remove(connectTimeout);
            closeClient(shared.client);
        }
    }

    /** Stops every client and the threads they run on; leases still out fail their calls from then on. */
    @Override
    public synchronized void close() {
        closed = true;
        clients.values().forEach(s -> closeClient(s.client));
        clients.clear();
        executor.shutdownNow();
    }

    /** From Java 21 on a client can be closed, which ends its selector thread; in 17 it ends once unreferenced. */
    private static void closeClient(HttpClient client) {
        if (client instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // best effort: nothing is waiting on it any more
            }
        }
    }

    private static final class Shared {
        final HttpClient client;
        int leases;

        Shared(HttpClient client) {
            this.client = client;
        }
    }

    /** One instance's hold on a shared client. */
    public final class Lease implements AutoCloseable {
        private final Duration connectTimeout;
        private final HttpClient client;
        private boolean released;

        private Lease(Duration connectTimeout, HttpClient client) {
            this.connectTimeout = connectTimeout;
            this.client = client;
        }

        public HttpClient client() {
            return client;
        }

        @Override
        public void close() {
            synchronized (SharedHttpClients.this) {
                if (released) {
                    return;
                }
                released = true;
            }
            release(connectTimeout);
        }
    }
}
