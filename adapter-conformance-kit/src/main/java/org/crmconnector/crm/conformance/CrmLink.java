package org.crmconnector.crm.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The network between an adapter and its fake CRM: a loopback HTTP proxy that
 * forwards every request unchanged until a {@link Fault} is set, and then
 * fails, slows or garbles them the same way for every adapter. Faults that
 * only the CRM can produce in its own words (a validation error, refused
 * credentials) come from the {@link FakeCrm} instead.
 */
public final class CrmLink implements AutoCloseable {

    /** The {@code Retry-After} a {@link Fault#RATE_LIMITED} answer carries, in seconds. */
    public static final int RETRY_AFTER_SECONDS = 37;

    /** Headers the JDK client sets itself and refuses to be given. */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "transfer-encoding", "keep-alive", "te", "trailer");

    private final URI target;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "crm-link");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicInteger forwarded = new AtomicInteger();
    private final AtomicInteger faulted = new AtomicInteger();

    private volatile Fault fault = Fault.NONE;
    private volatile CountDownLatch held = new CountDownLatch(1);
    private volatile CountDownLatch release = new CountDownLatch(1);

    /** @param target the fake CRM's base URL, e.g. {@code http://127.0.0.1:4711} */
    public CrmLink(String target) throws IOException {
        this.target = URI.create(target.endsWith("/") ? target.substring(0, target.length() - 1) : target);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    /** Where the adapter should send what it would send to the CRM: {@code http://127.0.0.1:port}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** From now on every request meets this fault; {@link Fault#NONE} heals the link. */
    public void set(Fault fault) {
        if (fault == Fault.HOLD) {
            held = new CountDownLatch(1);
            release = new CountDownLatch(1);
        }
        this.fault = fault;
        if (fault != Fault.HOLD) {
            release.countDown();
        }
    }

    /** Waits until a request is held by {@link Fault#HOLD}. */
    public boolean awaitHeld(Duration timeout) throws InterruptedException {
        return held.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Lets held requests go on to the CRM and heals the link. */
    public void release() {
        set(Fault.NONE);
    }

    /** Requests that reached the CRM. */
    public int forwarded() {
        return forwarded.get();
    }

    /** Requests a fault answered (or dropped). */
    public int faulted() {
        return faulted.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Fault now = fault;
            if (now == Fault.HOLD) {
                held.countDown();
                awaitRelease();
                now = Fault.NONE;
            }
            switch (now) {
                case NONE, HOLD -> forward(exchange, body);
                case OUTAGE -> faulted.incrementAndGet(); // closed without a status line
                case RATE_LIMITED -> {
                    faulted.incrementAndGet();
                    exchange.getResponseHeaders().add("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
                    answer(exchange, 429, "text/plain", "Too Many Requests");
                }
                case SERVER_ERROR -> {
                    faulted.incrementAndGet();
                    answer(exchange, 503, "text/html", "<html><body><h1>503 Service Unavailable</h1></body></html>");
                }
                case GARBAGE -> {
                    faulted.incrementAndGet();
                    answer(exchange, 200, "text/html", "<html><body>Welcome to nginx!</body></html>");
                }
            }
        }
    }

    private void awaitRelease() {
        try {
            // bounded, so a test that forgets to release cannot hang the build
            release.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void forward(HttpExchange exchange, byte[] body) throws IOException {
        URI uri = exchange.getRequestURI();
        String pathAndQuery = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target + pathAndQuery))
                .timeout(Duration.ofSeconds(30))
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> request.header(name, v));
            }
        });
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        forwarded.incrementAndGet();
        response.headers().map().forEach((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                values.forEach(v -> exchange.getResponseHeaders().add(name, v));
            }
        });
        byte[] out = response.body();
        boolean noBody = out.length == 0 || response.statusCode() == 204 || response.statusCode() == 304;
        exchange.sendResponseHeaders(response.statusCode(), noBody ? -1 : out.length);
        if (!noBody) {
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(out);
            }
        }
    }

    private static void answer(HttpExchange exchange, int status, String type, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream o = exchange.getResponseBody()) {
            o.write(bytes);
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        threads.shutdownNow();
    }

    @Override
    public String toString() {
        return "CrmLink[" + url() + " -> " + target + ", fault " + fault + "]";
    }
}
