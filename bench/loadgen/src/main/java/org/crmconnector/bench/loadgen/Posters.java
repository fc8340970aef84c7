package org.crmconnector.bench.loadgen;

import java.net.http.HttpClient;

/** Opens one connection of the chosen client: the raw HTTP/1.1 one, or java.net.http over one shared HttpClient. */
final class Posters {

    private final Options options;
    private HttpClient jdkClient;

    Posters(Options options) {
        this.options = options;
    }

    /** {@code kind} is "raw" or "jdk". */
    HttpPoster open(String kind) {
        if (kind.equals("jdk")) {
            synchronized (this) {
                if (jdkClient == null) {
                    jdkClient = JdkHttp.newClient(options.timeoutMs);
                }
            }
            return new JdkHttp(jdkClient, options.host, options.port, options.key, options.timeoutMs);
        }
        return new RawHttp(options.host, options.port, options.key, options.timeoutMs);
    }
}
