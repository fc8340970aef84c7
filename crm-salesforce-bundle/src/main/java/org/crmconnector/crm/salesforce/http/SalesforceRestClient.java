package org.crmconnector.crm.salesforce.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;

import org.crmconnector.crm.salesforce.auth.AccessToken;
import org.crmconnector.crm.salesforce.auth.AuthenticationException;
import org.crmconnector.crm.salesforce.auth.SalesforceTokenCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    private static final Logger LOG = LoggerFactory.getLogger(SalesforceRestClient.class);

    private final HttpClient http;
    private final String dataBase;
    private final SalesforceTokenCache tokens;
    private final ApiUsage usage;
    private final ObjectMapper json;

    public SalesforceRestClient(HttpClient http, URI instanceUrl, String apiVersion, SalesforceTokenCache tokens,
            ApiUsage usage, ObjectMapper json) {
        this.http = http;
        String base = instanceUrl.toString();
        this.dataBase = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/services/data/" + apiVersion;
        this.tokens = tokens;
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
        AccessToken token = token(() -> tokens.current());
        HttpResponse<String> response = exchange(method, path, body, timeout, token);
        if (response.statusCode() == 401) {
            LOG.debug("Salesforce session expired, renewing the token once");
            AccessToken stale = token;
            token = token(() -> tokens.renew(stale));
            response = exchange(method, path, body, timeout, token);
        }
        return interpret(response);
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
        String text = node.isMissingNode() ? abbreviate(response.body()) : "";
        throw SalesforceApiException.fromResponse(status, ApiError.listOf(node), text, usage.backoff());
    }

    private HttpResponse<String> exchange(String method, String path, Object body, Duration timeout, AccessToken token)
            throws SalesforceApiException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(dataBase + path))
                .timeout(timeout)
                .header("Authorization", token.authorizationHeader())
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
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            response.headers().firstValue("Sforce-Limit-Info").ifPresent(usage::observe);
            return response;
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

    private interface TokenSupplier {
        AccessToken get() throws AuthenticationException;
    }

    private static AccessToken token(TokenSupplier supplier) throws SalesforceApiException {
        try {
            return supplier.get();
        } catch (AuthenticationException e) {
            throw SalesforceApiException.loginFailed(e.getMessage(), e.isRetryable(), e);
        }
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

    private static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        String flat = text.replaceAll("\\s+", " ").trim();
        return flat.length() > 200 ? flat.substring(0, 200) + "..." : flat;
    }
}
