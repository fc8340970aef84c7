package org.crmconnector.crm.support.http;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An {@link HttpClient} together with the threads it runs on, so that a
 * deactivated adapter leaves no threads behind: Java 17's client has no
 * {@code close()}, but shutting down its executor stops its work. Redirects
 * are not followed: an adapter sends its credentials only where it was told to.
 */
public final class HttpClientResource implements AutoCloseable {

    private final ExecutorService executor;
    private final HttpClient client;

    /** @param threadPrefix names the client's threads {@code <prefix>-1}, {@code <prefix>-2}, ... for thread dumps */
    public HttpClientResource(String threadPrefix, Duration connectTimeout) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, threadPrefix + "-" + count.incrementAndGet());
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

    public boolean isClosed() {
        return executor.isShutdown();
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
