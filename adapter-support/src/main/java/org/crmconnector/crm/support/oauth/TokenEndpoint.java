package org.crmconnector.crm.support.oauth;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import org.crmconnector.crm.support.http.AuthenticationException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An OAuth 2.0 token endpoint (RFC 6749 section 3.2): a form posted, a JSON
 * object back. What the answer means is the flow's to decide; this only
 * turns an unreachable endpoint into a retryable {@link AuthenticationException}.
 */
public final class TokenEndpoint {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI uri;
    private final Duration timeout;
    private final String name;

    /** @param name how messages call it, e.g. {@code Entra ID token endpoint}; never holds a secret */
    public TokenEndpoint(HttpClient http, URI uri, Duration timeout, String name) {
        this.http = http;
        this.uri = uri;
        this.timeout = timeout;
        this.name = name;
    }

    public URI uri() {
        return uri;
    }

    /** Posts {@code form}, encoded in its iteration order. */
    public Answer post(Map<String, String> form, String authorization) throws AuthenticationException {
        return post(encode(form), authorization);
    }

    /**
     * @param formBody an {@code application/x-www-form-urlencoded} body
     * @param authorization an {@code Authorization} header value (client_secret_basic), or null for none
     */
    public Answer post(String formBody, String authorization) throws AuthenticationException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.POST(HttpRequest.BodyPublishers.ofString(formBody)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AuthenticationException(name + " unreachable: " + e, true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuthenticationException("interrupted while requesting a token from " + name, true, e);
        }
        return new Answer(response.statusCode(), parse(response.body()));
    }

    /** Form-encodes each name and value and joins the pairs with {@code &}. */
    public static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Anything but a JSON object (an HTML error page, nothing) reads as an empty object. */
    private static JsonNode parse(String body) {
        try {
            JsonNode node = JSON.readTree(body == null || body.isEmpty() ? "{}" : body);
            return node == null || !node.isObject() ? JSON.createObjectNode() : node;
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    /** The endpoint's answer: its HTTP status and its JSON object. */
    public record Answer(int status, JsonNode body) {

        /** Status 500 and up or 429: the endpoint is down or busy, so trying later may help. */
        public boolean outage() {
            return status >= 500 || status == 429;
        }

        /**
         * {@code error}, then {@code : error_description} (its first line; Entra ID appends trace
         * and correlation ids) when there is one: the RFC 6749 error object carries no secret.
         * {@code HTTP <status>} when there is no error code.
         */
        public String reason() {
            return body.path("error").asText("HTTP " + status)
                    + (body.hasNonNull("error_description") ? ": " + firstLine(body.get("error_description").asText()) : "");
        }

        private static String firstLine(String text) {
            int nl = text.indexOf('\n');
            return (nl < 0 ? text : text.substring(0, nl)).trim();
        }
    }
}
