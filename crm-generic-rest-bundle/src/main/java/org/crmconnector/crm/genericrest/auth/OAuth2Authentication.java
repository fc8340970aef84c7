package org.crmconnector.crm.genericrest.auth;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.crmconnector.crm.support.http.AuthenticationException;
import org.crmconnector.crm.support.oauth.AccessToken;
import org.crmconnector.crm.support.oauth.TokenCache;
import org.crmconnector.crm.support.oauth.TokenEndpoint;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * OAuth 2.0 access tokens from a token endpoint (RFC 6749): the client
 * credentials grant (section 4.4) or a long-lived refresh token (section 6, as
 * Zoho's self clients use). The token is cached and fetched again shortly
 * before {@code expires_in} runs out, or once when the CRM answers 401.
 */
public final class OAuth2Authentication implements Authentication {

    public enum Grant {
        CLIENT_CREDENTIALS("client_credentials"), REFRESH_TOKEN("refresh_token");

        final String wireName;

        Grant(String wireName) {
            this.wireName = wireName;
        }
    }

    /** Where the client id and secret go: the form body (client_secret_post) or a basic header (client_secret_basic). */
    public enum ClientAuth {
        POST, BASIC
    }

    /** Renew this long before expiry (halfway through shorter lifetimes), so a token does not run out between check and use. */
    private static final Duration EARLY_RENEWAL = Duration.ofSeconds(60);

    private final TokenEndpoint endpoint;
    private final Grant grant;
    private final String clientId;
    private final String clientSecret;
    private final String refreshToken;
    private final String scope;
    private final ClientAuth clientAuth;
    private final String prefix;
    private final Clock clock;
    private final TokenCache tokens;

    public OAuth2Authentication(URI tokenUrl, Grant grant, String clientId, String clientSecret, String refreshToken,
            String scope, ClientAuth clientAuth, String prefix, HttpClient http, Duration timeout, Clock clock) {
        this.endpoint = new TokenEndpoint(http, tokenUrl, timeout, "token endpoint " + tokenUrl.getHost());
        this.grant = grant;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.refreshToken = refreshToken;
        this.scope = scope;
        this.clientAuth = clientAuth;
        this.prefix = prefix;
        this.clock = clock;
        this.tokens = new TokenCache(this::fetch, clock, EARLY_RENEWAL);
    }

    @Override
    public String current() throws AuthenticationException {
        return tokens.current().value();
    }

    @Override
    public void apply(String token, HttpRequest.Builder request) {
        request.setHeader("Authorization", prefix.isEmpty() ? token : prefix + " " + token);
    }

    /** The CRM answered 401: a new token, unless another call already replaced the refused one. */
    @Override
    public String renew(String refused) throws AuthenticationException {
        return tokens.renew(refused).value();
    }

    private AccessToken fetch() throws AuthenticationException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", grant.wireName);
        if (grant == Grant.REFRESH_TOKEN) {
            form.put("refresh_token", refreshToken);
        }
        if (!scope.isEmpty()) {
            form.put("scope", scope);
        }
        String authorization = null;
        if (clientAuth == ClientAuth.BASIC) {
            // RFC 6749 2.3.1: id and secret are form-encoded before they are joined
            String pair = TokenEndpoint.encode(clientId) + ":" + TokenEndpoint.encode(clientSecret);
            authorization = "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
        } else {
            form.put("client_id", clientId);
            form.put("client_secret", clientSecret);
        }
        TokenEndpoint.Answer answer = endpoint.post(form, authorization);
        int status = answer.status();
        JsonNode json = answer.body();
        String host = endpoint.uri().getHost();
        if (status / 100 != 2) {
            // the OAuth error code is safe to report; the body may echo what we sent, so it is not quoted
            String error = json.path("error").asText("");
            throw new AuthenticationException("token endpoint " + host + " answered HTTP " + status
                    + (error.isEmpty() ? "" : " (" + error + ")"), answer.outage());
        }
        String accessToken = json.path("access_token").asText("");
        if (accessToken.isEmpty()) {
            String error = json.path("error").asText("");
            throw new AuthenticationException("token endpoint " + host + " gave no access_token"
                    + (error.isEmpty() ? "" : " (" + error + ")"), false);
        }
        long expiresIn = json.path("expires_in").asLong(0);
        // without expires_in the token is kept until a 401
        return expiresIn > 0 ? AccessToken.expiring(accessToken, clock.instant(), Duration.ofSeconds(expiresIn))
                : AccessToken.withoutLifetime(accessToken);
    }

    @Override
    public String describe() {
        return "oauth2 " + grant.wireName + " via " + endpoint.uri().getHost();
    }
}
