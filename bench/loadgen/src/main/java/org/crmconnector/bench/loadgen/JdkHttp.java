package org.crmconnector.bench.loadgen;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The same POST through java.net.http.HttpClient (HTTP/1.1), to compare client costs. */
final class JdkHttp implements HttpPoster {

    private final HttpClient client;
    private final String base;
    private final String key;
    private final Duration timeout;
    private String lastBody = "";

    JdkHttp(HttpClient shared, String host, int port, String bearerKey, int timeoutMs) {
        this.client = shared;
        this.base = "http://" + host + ":" + port;
        this.key = bearerKey;
        this.timeout = Duration.ofMillis(timeoutMs);
    }

    static HttpClient newClient(int timeoutMs) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofMillis(timeoutMs)).build();
    }

    @Override
    public int post(String path, byte[] body) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            lastBody = r.body();
            return r.statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public String lastBody() {
        return lastBody;
    }

    @Override
    public void close() {
        // the HttpClient is shared by the phase and dropped with it
    }
}
