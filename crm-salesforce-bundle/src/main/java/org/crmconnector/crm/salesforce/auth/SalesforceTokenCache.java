package org.crmconnector.crm.salesforce.auth;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

import org.crmconnector.crm.support.http.AuthenticationException;
import org.crmconnector.crm.support.http.Credentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The access token of one adapter instance, shared by all its calls. Only one
 * token request runs at a time; callers that arrive meanwhile wait for it and
 * use its token, so a burst of calls after a session expiry costs one login.
 */
public final class SalesforceTokenCache implements Credentials<AccessToken> {

    private static final Logger LOG = LoggerFactory.getLogger(SalesforceTokenCache.class);

    private final HttpClient http;
    private final URI tokenEndpoint;
    private final TokenGrant grant;
    private final Clock clock;
    private final Duration timeout;
    private final ObjectMapper json = new ObjectMapper();
    private final ReentrantLock lock = new ReentrantLock();

    private volatile AccessToken current;

    public SalesforceTokenCache(HttpClient http, URI tokenEndpoint, TokenGrant grant, Clock clock, Duration timeout) {
        this.http = http;
        this.tokenEndpoint = tokenEndpoint;
        this.grant = grant;
        this.clock = clock;
        this.timeout = timeout;
    }

    /** The cached token, or a new one when there is none yet. */
    @Override
    public AccessToken current() throws AuthenticationException {
        AccessToken token = current;
        if (token != null) {
            return token;
        }
        lock.lock();
        try {
            if (current == null) {
                current = request();
            }
            return current;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Replaces a token Salesforce called invalid. When another caller already
     * replaced the same stale token, its successor is returned without a new
     * request.
     */
    @Override
    public AccessToken renew(AccessToken stale) throws AuthenticationException {
        lock.lock();
        try {
            if (current == null || current == stale) {
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

    private AccessToken request() throws AuthenticationException {
        HttpRequest request = HttpRequest.newBuilder(tokenEndpoint)
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(grant.formBody(clock.instant())))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AuthenticationException("Salesforce token endpoint unreachable: " + e, true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuthenticationException("interrupted while requesting a Salesforce token", true, e);
        }
        JsonNode body = parse(response.body());
        if (response.statusCode() == 200 && body.hasNonNull("access_token")) {
            LOG.debug("Obtained a Salesforce access token with the {} flow from {}", grant.name(), tokenEndpoint);
            return new AccessToken(body.get("access_token").asText());
        }
        // The error object carries no secret: {"error":"invalid_grant","error_description":"..."}.
        String reason = body.path("error").asText("HTTP " + response.statusCode())
                + (body.hasNonNull("error_description") ? ": " + body.get("error_description").asText() : "");
        boolean retryable = response.statusCode() >= 500 || response.statusCode() == 429;
        throw new AuthenticationException("Salesforce login (" + grant.name() + ") failed: " + reason, retryable, null);
    }

    private JsonNode parse(String body) {
        try {
            return json.readTree(body == null || body.isEmpty() ? "{}" : body);
        } catch (IOException e) {
            return json.createObjectNode();
        }
    }
}
