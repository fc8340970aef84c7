package org.crmconnector.crm.support.http;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends requests with the adapter's {@link Credentials}. A 401 answer renews
 * them once per {@link Call} and repeats the request; a second 401 is handed
 * back as the answer, never looped on. What a status means otherwise is the
 * adapter's business: this class classifies nothing.
 *
 * @param <T> the credentials' type
 */
public final class AuthorizedClient<T> {

    private static final Logger LOG = LoggerFactory.getLogger(AuthorizedClient.class);

    private final HttpClient http;
    private final Credentials<T> credentials;
    private final Consumer<HttpResponse<String>> observer;

    public AuthorizedClient(HttpClient http, Credentials<T> credentials) {
        this(http, credentials, response -> {
        });
    }

    /**
     * @param observer sees every answer, a refused one included, before it is
     *                 acted on (e.g. to read rate-limit headers); runs on the calling thread
     */
    public AuthorizedClient(HttpClient http, Credentials<T> credentials, Consumer<HttpResponse<String>> observer) {
        this.http = http;
        this.credentials = credentials;
        this.observer = observer;
    }

    /** One logical call, which may take several requests (an adapter's own retries) but renews credentials once. */
    public Call call() {
        return new Call();
    }

    /** Not thread-safe: one call belongs to one thread. */
    public final class Call {

        private boolean renewed;

        private Call() {
        }

        /**
         * Sends the request with the current credentials, which this method
         * sets last, so that a header of the request cannot replace them.
         *
         * @param request complete but for the credentials; not changed
         * @return the answer, whatever its status
         * @throws AuthenticationException when credentials could not be obtained
         * @throws IOException             when there was no answer ({@link java.net.http.HttpTimeoutException} included)
         */
        public HttpResponse<String> send(HttpRequest.Builder request)
                throws AuthenticationException, IOException, InterruptedException {
            T used = credentials.current();
            HttpResponse<String> response = exchange(request, used);
            if (response.statusCode() == 401 && !renewed) {
                renewed = true;
                T fresh = credentials.renew(used);
                if (fresh != null) {
                    LOG.debug("HTTP 401 from {}: credentials renewed, sending once more", response.uri().getHost());
                    response = exchange(request, fresh);
                }
            }
            return response;
        }

        private HttpResponse<String> exchange(HttpRequest.Builder request, T with)
                throws IOException, InterruptedException {
            HttpRequest.Builder copy = request.copy();
            credentials.apply(with, copy);
            HttpResponse<String> response = http.send(copy.build(), HttpResponse.BodyHandlers.ofString());
            observer.accept(response);
            return response;
        }
    }
}
