package org.crmconnector.crm.genericrest.http;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An {@link HttpClient} together with the threads it runs on, so that a
 * deactivated adapter leaves no threads behind: Java 17's client has no
 * {@code close()}, but shutting down its executor stops its work.
 */
public final class HttpClientResource implements AutoCloseable {

    private final ExecutorService executor;
    private final HttpClient client;

    public HttpClientResource(String name, Duration connectTimeout) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "crm-genericrest-" + name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.executor = Executors.newCachedThreadPool(threads);
        this.client = HttpClient.newBuilder().connectTimeout(connectTimeout).executor(executor)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public HttpClient client() {
        return client;
    }

    @Override
    public void close() {
        executor.shutdownNow();
        // from Java 21 on the client itself can be closed, which also ends its selector thread
        if (client instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // closing is best effort; the executor is already down
            }
        }
    }
}
