package org.crmconnector.crm.genericrest.auth;

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
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.crmconnector.crm.support.http.AuthenticationException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * OAuth 2.0 access tokens from a token endpoint (RFC 6749): the client
 * credentials grant (section 4.4) or a long-lived refresh token (section 6, as
 * Zoho's self clients use). The token is cached and fetched again shortly
 * before {@code expires_in} runs out, or at once when the CRM answers 401.
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

    /** Renew this long before expiry, so a token does not run out between check and use. */
    private static final Duration EARLY_RENEWAL = Duration.ofSeconds(60);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final URI tokenUrl;
    private final Grant grant;
    private final String clientId;
    private final String clientSecret;
    private final String refreshToken;
    private final String scope;
    private final ClientAuth clientAuth;
    private final String prefix;
    private final HttpClient http;
    private final Duration timeout;
    private final Clock clock;

    private String token;
    /** When to fetch again; null for tokens without {@code expires_in} (kept until a 401). */
    private Instant renewAt;

    public OAuth2Authentication(URI tokenUrl, Grant grant, String clientId, String clientSecret, String refreshToken,
            String scope, ClientAuth clientAuth, String prefix, HttpClient http, Duration timeout, Clock clock) {
        this.tokenUrl = tokenUrl;
        this.grant = grant;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.refreshToken = refreshToken;
        this.scope = scope;
        this.clientAuth = clientAuth;
        this.prefix = prefix;
        this.http = http;
        this.timeout = timeout;
        this.clock = clock;
    }

    @Override
    public String current() throws AuthenticationException {
        return currentToken();
    }

    @Override
    public void apply(String token, HttpRequest.Builder request) {
        request.setHeader("Authorization", prefix.isEmpty() ? token : prefix + " " + token);
    }

    // synchronized: concurrent requests at expiry fetch one token, not one each
    synchronized String currentToken() throws AuthenticationException {
        if (token == null || renewAt != null && !clock.instant().isBefore(renewAt)) {
            fetch();
        }
        return token;
    }

    /** The CRM answered 401: the cached token is forgotten, whichever it is, and a new one fetched. */
    @Override
    public synchronized String renew(String refused) throws AuthenticationException {
        token = null;
        renewAt = null;
        return currentToken();
    }

    private void fetch() throws AuthenticationException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", grant.wireName);
        if (grant == Grant.REFRESH_TOKEN) {
            form.put("refresh_token", refreshToken);
        }
        if (!scope.isEmpty()) {
            form.put("scope", scope);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(tokenUrl).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json");
        if (clientAuth == ClientAuth.BASIC) {
            // RFC 6749 2.3.1: id and secret are form-encoded before they are joined
            String pair = enc(clientId) + ":" + enc(clientSecret);
            request.header("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        } else {
            form.put("client_id", clientId);
            form.put("client_secret", clientSecret);
        }
        String body = form.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpResponse<String> response;
        try {
            response = http.send(request.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AuthenticationException("token endpoint " + tokenUrl.getHost() + " unreachable: " + e, true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuthenticationException("interrupted while fetching a token", true, e);
        }
        int status = response.statusCode();
        JsonNode json = parse(response.body());
        if (status / 100 != 2) {
            // the OAuth error code is safe to report; the body may echo what we sent, so it is not quoted
            String error = json.path("error").asText("");
            throw new AuthenticationException("token endpoint " + tokenUrl.getHost() + " answered HTTP " + status
                    + (error.isEmpty() ? "" : " (" + error + ")"), status >= 500 || status == 429);
        }
        String accessToken = json.path("access_token").asText("");
        if (accessToken.isEmpty()) {
            String error = json.path("error").asText("");
            throw new AuthenticationException("token endpoint " + tokenUrl.getHost() + " gave no access_token"
                    + (error.isEmpty() ? "" : " (" + error + ")"), false);
        }
        token = accessToken;
        long expiresIn = json.path("expires_in").asLong(0);
        if (expiresIn > 0) {
            Duration life = Duration.ofSeconds(expiresIn);
            Duration early = life.compareTo(EARLY_RENEWAL.multipliedBy(2)) < 0 ? life.dividedBy(2) : EARLY_RENEWAL;
            renewAt = clock.instant().plus(life).minus(early);
        } else {
            renewAt = null;
        }
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode node = MAPPER.readTree(body);
            return node == null ? MAPPER.createObjectNode() : node;
        } catch (IOException e) {
            return MAPPER.createObjectNode();
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String describe() {
        return "oauth2 " + grant.wireName + " via " + tokenUrl.getHost();
    }
}
