package org.crmconnector.crm.dynamics.auth;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

import org.crmconnector.crm.support.http.AuthenticationException;
import org.crmconnector.crm.support.http.Credentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The app-only access token of one adapter instance, from Microsoft Entra
 * ID's client credentials flow: {@code POST {authority}/{tenant}/oauth2/v2.0/token}
 * with {@code scope={environment}/.default} (Microsoft Learn, "Microsoft
 * identity platform and the OAuth 2.0 client credentials flow"). Shared by
 * all calls; renewed shortly before it expires, and once when Dataverse
 * answers 401. One token request runs at a time.
 */
public final class EntraTokenCache implements Credentials<AccessToken> {

    private static final Logger LOG = LoggerFactory.getLogger(EntraTokenCache.class);
    /** Renew this long before expiry, so a token never runs out in the middle of a call. */
    private static final Duration MARGIN = Duration.ofMinutes(5);

    private final HttpClient http;
    private final URI tokenEndpoint;
    private final String clientId;
    private final String scope;
    private final ClientCredential credential;
    private final Clock clock;
    private final Duration timeout;
    private final ObjectMapper json = new ObjectMapper();
    private final ReentrantLock lock = new ReentrantLock();

    private volatile AccessToken current;

    public EntraTokenCache(HttpClient http, URI tokenEndpoint, String clientId, String scope, ClientCredential credential,
            Clock clock, Duration timeout) {
        this.http = http;
        this.tokenEndpoint = tokenEndpoint;
        this.clientId = clientId;
        this.scope = scope;
        this.credential = credential;
        this.clock = clock;
        this.timeout = timeout;
    }

    @Override
    public AccessToken current() throws AuthenticationException {
        AccessToken token = current;
        if (fresh(token)) {
            return token;
        }
        lock.lock();
        try {
            if (!fresh(current)) {
                current = request();
            }
            return current;
        } finally {
            lock.unlock();
        }
    }

    /** Replaces a token Dataverse refused, unless another call already did. */
    @Override
    public AccessToken renew(AccessToken refused) throws AuthenticationException {
        lock.lock();
        try {
            if (current == null || current == refused) {
                current = null;
                current = request();
            }
            return current;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void apply(AccessToken token, HttpRequest.Builder request) {
        request.setHeader("Authorization", token.authorizationHeader());
    }

    /** When the cached token expires, or null before the first. */
    public Instant expiresAt() {
        AccessToken token = current;
        return token == null ? null : token.expiresAt();
    }

    private boolean fresh(AccessToken token) {
        return token != null && clock.instant().plus(MARGIN).isBefore(token.expiresAt());
    }

    private AccessToken request() throws AuthenticationException {
        Instant now = clock.instant();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", clientId);
        form.put("scope", scope);
        form.putAll(credential.formFields(tokenEndpoint.toString(), now));
        HttpRequest request = HttpRequest.newBuilder(tokenEndpoint)
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form)))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AuthenticationException("Entra ID token endpoint unreachable: " + e, true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuthenticationException("interrupted while requesting an Entra ID token", true, e);
        }
        JsonNode body = parse(response.body());
        if (response.statusCode() == 200 && body.hasNonNull("access_token")) {
            long seconds = body.path("expires_in").asLong(3599);
            LOG.debug("Obtained an Entra ID token for {} ({}), valid {} s", scope, credential.name(), seconds);
            return new AccessToken(body.get("access_token").asText(), now.plusSeconds(seconds));
        }
        // {"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided. ..."}: no secret in it
        String reason = body.path("error").asText("HTTP " + response.statusCode())
                + (body.hasNonNull("error_description") ? ": " + firstLine(body.get("error_description").asText()) : "");
        boolean outage = response.statusCode() >= 500 || response.statusCode() == 429 || !body.has("error");
        throw new AuthenticationException("Entra ID login (" + credential.name() + ") failed: " + reason, outage, null);
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return (nl < 0 ? text : text.substring(0, nl)).trim();
    }

    private static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private JsonNode parse(String body) {
        try {
            JsonNode node = json.readTree(body == null || body.isEmpty() ? "{}" : body);
            return node == null || !node.isObject() ? json.createObjectNode() : node;
        } catch (IOException e) {
            return json.createObjectNode();
        }
    }
}
