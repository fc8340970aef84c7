package org.crmconnector.crm.salesforce.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;

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
 * Calls {@code {instance}/services/data/vXX.X/...} with the instance's token.
 * An {@code INVALID_SESSION_ID} answer renews the token once and repeats the
 * call; a second one is reported, never looped on. Every answer's
 * {@code Sforce-Limit-Info} feeds {@link ApiUsage}.
 */
public final class SalesforceRestClient {

    /** How much of a body that is not JSON (a CDN's error page) goes into a message. */
    private static final int MAX_REASON = 200;

    private final AuthorizedClient<AccessToken> http;
    private final String dataBase;
    private final ApiUsage usage;
    private final ObjectMapper json;

    public SalesforceRestClient(HttpClient http, URI instanceUrl, String apiVersion, Credentials<AccessToken> tokens,
            ApiUsage usage, ObjectMapper json) {
        // every answer, the refused one included, reports the org's API usage
        this.http = new AuthorizedClient<>(http, tokens,
                response -> response.headers().firstValue("Sforce-Limit-Info").ifPresent(usage::observe));
        String base = instanceUrl.toString();
        this.dataBase = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/services/data/" + apiVersion;
        this.usage = usage;
        this.json = json;
    }

    public ApiUsage usage() {
        return usage;
    }

    /**
     * Sends one request.
     *
     * @param path below the versioned data URL, starting with {@code /}, already encoded
     * @param body serialised as JSON, or null
     */
    public ApiResponse send(String method, String path, Object body, Duration timeout) throws SalesforceApiException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(dataBase + path))
                .timeout(timeout)
                .header("Accept", "application/json")
                // An integration user's writes should not fill the agents' recent-items lists.
                .header("Sforce-Mru", "updateMru=false");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json");
            request.method(method, HttpRequest.BodyPublishers.ofByteArray(serialise(body)));
        }
        try {
            return interpret(http.call().send(request));
        } catch (AuthenticationException e) {
            throw SalesforceApiException.loginFailed(e.getMessage(), e.isRetryable(), e);
        } catch (HttpTimeoutException e) {
            throw new SalesforceApiException("Salesforce did not answer within " + timeout.toMillis() + " ms", 0, List.of(),
                    true, null, e);
        } catch (IOException e) {
            throw new SalesforceApiException("Salesforce unreachable: " + e, 0, List.of(), true, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SalesforceApiException("interrupted", 0, List.of(), true, null, e);
        }
    }

    private ApiResponse interpret(HttpResponse<String> response) throws SalesforceApiException {
        int status = response.statusCode();
        JsonNode node = parse(response.body());
        if (status >= 200 && status < 300) {
            return new ApiResponse(status, node);
        }
        if (status == 300) {
            // An external id that matches several records: a data problem, not an outage.
            throw new SalesforceApiException("external id matches several records: " + node, status, List.of(), false, null, null);
        }
        String text = node.isMissingNode() ? ResponseText.abbreviate(response.body(), MAX_REASON) : "";
        throw SalesforceApiException.fromResponse(status, ApiError.listOf(node), text, usage.backoff(),
                // in seconds, as proxies and gateways in front of an org send it with 429 or 503
                RetryAfter.seconds(response.headers().firstValue("Retry-After").orElse(null)));
    }

    private byte[] serialise(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot serialise request body", e);
        }
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return json.readTree(body);
        } catch (IOException e) {
            // CDN error pages on 502/503 are HTML.
            return MissingNode.getInstance();
        }
    }

    /**
     * Encodes one path segment. {@code URLEncoder} writes spaces as {@code +},
     * which a path would keep as a plus; an interaction key such as
     * {@code abc#2} must become {@code abc%232}.
     */
    public static String pathSegment(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }
}
