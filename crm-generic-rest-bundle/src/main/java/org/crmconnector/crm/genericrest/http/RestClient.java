package org.crmconnector.crm.genericrest.http;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import org.crmconnector.crm.genericrest.auth.Authentication;
import org.crmconnector.crm.support.http.AuthenticationException;
import org.crmconnector.crm.support.http.AuthorizedClient;
import org.crmconnector.crm.support.http.ResponseText;
import org.crmconnector.crm.support.http.RetryAfter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends rendered requests to the CRM: adds credentials, applies the timeout,
 * and retries what may succeed later (5xx, 429, connection errors) with
 * exponential backoff or the server's {@code Retry-After}. Other 4xx answers
 * fail at once: sending the same request again would be refused again.
 */
public final class RestClient {

    private static final Logger LOG = LoggerFactory.getLogger(RestClient.class);
    /** How much of an error body goes into a message: enough to see the CRM's reason. */
    private static final int MAX_REASON = 300;

    private final AuthorizedClient<String> http;
    /** For requests to servers other than the CRM: they never see its credentials. */
    private final HttpClient withoutCredentials;
    private final RetryPolicy policy;
    private final Duration requestTimeout;
    private final Sleeper sleeper;
    private final Clock clock;

    public RestClient(HttpClient http, Authentication auth, RetryPolicy policy, Duration requestTimeout,
            Sleeper sleeper, Clock clock) {
        this.http = new AuthorizedClient<>(http, auth);
        this.withoutCredentials = http;
        this.policy = policy;
        this.requestTimeout = requestTimeout;
        this.sleeper = sleeper;
        this.clock = clock;
    }

    /**
     * Sends the request until it succeeds or the policy gives up.
     *
     * @return the 2xx answer
     * @throws RestFailure the last failure; {@link RestFailure#isRetryable()} tells whether to try later
     */
    public RestResponse send(RestRequest request) throws RestFailure {
        // an expired or revoked token is renewed once per send, and that try is not counted as an attempt
        var call = http.call();
        for (int attempt = 1;; attempt++) {
            RestFailure failure;
            try {
                HttpResponse<String> response = request.withCredentials() ? call.send(build(request))
                        : withoutCredentials.send(build(request).build(), HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status / 100 == 2) {
                    LOG.debug("{}: HTTP {}", request.describe(), status);
                    return new RestResponse(status, response.body());
                }
                boolean retryable = status >= 500 || status == 429;
                failure = new RestFailure(request.describe() + ": HTTP " + status + reason(response.body()), retryable,
                        status, retryable ? RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null), clock) : null,
                        null);
            } catch (AuthenticationException e) {
                failure = new RestFailure(request.describe() + ": no credentials: " + e.getMessage(), e.isRetryable(), 0,
                        null, e);
            } catch (IOException e) {
                failure = new RestFailure(request.describe() + ": " + e, true, 0, null, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RestFailure(request.describe() + ": interrupted", true, 0, null, e);
            }
            if (!failure.isRetryable() || attempt >= policy.maxAttempts()) {
                throw failure;
            }
            Duration wait = failure.retryAfter() != null ? failure.retryAfter() : policy.backoff(attempt);
            if (wait.compareTo(policy.maxRetryAfter()) > 0) {
                // too long to hold a thread: the caller's outbox waits instead
                throw failure;
            }
            LOG.info("{} (attempt {} of {}); trying again in {} ms", failure.getMessage(), attempt,
                    policy.maxAttempts(), wait.toMillis());
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure;
            }
        }
    }

    /**
     * Everything but the credentials, which {@link AuthorizedClient} sets last
     * so no configured header replaces them (and only for requests to the CRM).
     */
    private HttpRequest.Builder build(RestRequest request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri()).timeout(requestTimeout);
        for (Map.Entry<String, String> header : request.headers()) {
            builder.header(header.getKey(), header.getValue());
        }
        if (request.body() != null) {
            // a configured Content-Type (e.g. application/vnd.api+json) wins over the body kind's
            if (request.headers().stream().noneMatch(h -> h.getKey().equalsIgnoreCase("Content-Type"))) {
                builder.setHeader("Content-Type", request.contentType());
            }
            builder.method(request.method(), HttpRequest.BodyPublishers.ofString(request.body()));
        } else {
            builder.method(request.method(), HttpRequest.BodyPublishers.noBody());
        }
        return builder;
    }

    private static String reason(String body) {
        String text = ResponseText.abbreviate(body, MAX_REASON);
        return text.isEmpty() ? "" : ": " + text;
    }
}
