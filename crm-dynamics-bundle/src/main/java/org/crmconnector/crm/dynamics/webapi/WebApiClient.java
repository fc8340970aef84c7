package org.crmconnector.crm.dynamics.webapi;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.crmconnector.crm.support.http.AuthenticationException;
import org.crmconnector.crm.support.http.AuthorizedClient;
import org.crmconnector.crm.support.http.Credentials;
import org.crmconnector.crm.support.http.ResponseText;
import org.crmconnector.crm.support.http.RetryAfter;
import org.crmconnector.crm.support.oauth.AccessToken;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * Calls the Dataverse Web API of one environment,
 * {@code {environment}/api/data/vX.Y/...}, with the OData headers every
 * request carries (Microsoft Learn, "Compose HTTP requests and handle
 * errors"). A 401 renews the token once; a 429 holds back every further
 * request for its {@code Retry-After} ({@link ServiceProtection}).
 */
public final class WebApiClient {

    /** How much of a body that is not JSON (a gateway's page) goes into a message. */
    private static final int MAX_REASON = 200;

    private final AuthorizedClient<AccessToken> http;
    private final String base;
    private final String apiPath;
    private final ServiceProtection protection;
    private final ObjectMapper json;

    public WebApiClient(HttpClient http, Credentials<AccessToken> tokens, URI environment, String apiVersion,
            ServiceProtection protection, ObjectMapper json) {
        this.http = new AuthorizedClient<>(http, tokens);
        String url = environment.toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.apiPath = "/api/data/" + apiVersion + "/";
        this.protection = protection;
        this.json = json;
    }

    /** Sends one operation; a 2xx answer is returned, anything else thrown classified. */
    public WebApiResponse send(WebApiRequest request, Duration timeout) throws WebApiException {
        HttpRequest.Builder builder = builder(apiPath + request.path(), timeout);
        request.headers().forEach(builder::header);
        if (request.body() == null) {
            builder.method(request.method(), HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", "application/json; charset=utf-8");
            builder.method(request.method(), HttpRequest.BodyPublishers.ofString(request.body()));
        }
        HttpResponse<String> response = exchange(builder, timeout);
        int status = response.statusCode();
        JsonNode body = parse(response.body());
        if (status / 100 == 2) {
            if (request.method().equals("GET") && !body.isObject()) {
                throw WebApiException.unexpected("Dataverse answered HTTP " + status + " without JSON: "
                        + ResponseText.abbreviate(response.body(), MAX_REASON));
            }
            return new WebApiResponse(status, response.headers().firstValue("OData-EntityId").orElse(null), body);
        }
        throw failure(status, body, response.headers(), response.body());
    }

    /** What one part of a {@code $batch} came to: its answer, or its failure. */
    public record Outcome(WebApiResponse response, WebApiException failure) {
    }

    /**
     * Sends the operations as one {@code $batch} with
     * {@code Prefer: odata.continue-on-error}, so a refused part does not stop
     * the ones after it. One outcome per operation, in order.
     *
     * @throws WebApiException when the batch as a whole failed (outage, 429, 5xx)
     */
    public List<Outcome> batch(List<WebApiRequest> requests, Duration timeout) throws WebApiException {
        Batch batch = new Batch(apiPath, requests);
        HttpRequest.Builder builder = builder(apiPath + "$batch", timeout)
                .header("Content-Type", batch.contentType())
                .header("Prefer", "odata.continue-on-error")
                .POST(HttpRequest.BodyPublishers.ofString(batch.body()));
        HttpResponse<String> response = exchange(builder, timeout);
        if (response.statusCode() / 100 != 2) {
            throw failure(response.statusCode(), parse(response.body()), response.headers(), response.body());
        }
        List<Batch.Part> parts;
        try {
            parts = Batch.parse(response.headers().firstValue("Content-Type").orElse(null), response.body());
        } catch (IllegalArgumentException e) {
            throw WebApiException.unexpected("Dataverse's $batch answer is unreadable: " + e.getMessage());
        }
        List<Outcome> outcomes = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            if (i >= parts.size()) {
                outcomes.add(new Outcome(null, WebApiException.unexpected("Dataverse answered no part for this operation")));
                continue;
            }
            Batch.Part part = parts.get(i);
            JsonNode body = parse(part.body());
            if (part.status() / 100 == 2) {
                outcomes.add(new Outcome(new WebApiResponse(part.status(), part.headers().get("odata-entityid"), body), null));
            } else {
                Duration wait = RetryAfter.seconds(part.headers().get("retry-after"));
                if (part.status() == 429) {
                    wait = protection.limited(wait);
                }
                outcomes.add(new Outcome(null, WebApiException.ofStatus(part.status(), ODataError.of(body), wait)));
            }
        }
        return outcomes;
    }

    private HttpRequest.Builder builder(String path, Duration timeout) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .timeout(timeout)
                .header("Accept", "application/json")
                .header("OData-MaxVersion", "4.0")
                .header("OData-Version", "4.0");
    }

    private HttpResponse<String> exchange(HttpRequest.Builder request, Duration timeout) throws WebApiException {
        Optional<Duration> pause = protection.pause();
        if (pause.isPresent()) {
            throw WebApiException.throttled(pause.get());
        }
        try {
            return http.call().send(request);
        } catch (AuthenticationException e) {
            throw WebApiException.login(e.getMessage(), e.isRetryable(), e);
        } catch (HttpTimeoutException e) {
            throw WebApiException.unreachable("Dataverse did not answer within " + timeout.toMillis() + " ms", e);
        } catch (IOException e) {
            throw WebApiException.unreachable("Dataverse unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw WebApiException.unreachable("interrupted", e);
        }
    }

    private WebApiException failure(int status, JsonNode body, HttpHeaders headers, String raw) {
        Duration wait = RetryAfter.seconds(headers.firstValue("Retry-After").orElse(null));
        if (status == 429) {
            wait = protection.limited(wait);
        }
        ODataError error = ODataError.of(body);
        if (error == null && raw != null && !raw.isBlank()) {
            error = new ODataError("", ResponseText.abbreviate(raw, MAX_REASON));
        }
        return WebApiException.ofStatus(status, error, wait);
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            JsonNode node = json.readTree(body);
            return node == null ? MissingNode.getInstance() : node;
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }
}
