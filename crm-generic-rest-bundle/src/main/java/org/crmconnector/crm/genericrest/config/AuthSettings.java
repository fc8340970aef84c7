package org.crmconnector.crm.genericrest.config;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;

import org.crmconnector.crm.genericrest.auth.Authentication;
import org.crmconnector.crm.genericrest.auth.HeaderAuthentication;
import org.crmconnector.crm.genericrest.auth.NoAuthentication;
import org.crmconnector.crm.genericrest.auth.OAuth2Authentication;

/**
 * The checked authentication attributes. {@link #toString()} leaves secrets
 * out, so the settings can be logged.
 */
public final class AuthSettings {

    public enum Type {
        NONE, BASIC, BEARER, APIKEY, OAUTH2
    }

    final Type type;
    final String username;
    final String password;
    final String token;
    final String tokenPrefix;
    final String apiKeyHeader;
    final String apiKey;
    final URI tokenUrl;
    final OAuth2Authentication.Grant grant;
    final String clientId;
    final String clientSecret;
    final String refreshToken;
    final String scope;
    final OAuth2Authentication.ClientAuth clientAuth;

    AuthSettings(Type type, String username, String password, String token, String tokenPrefix, String apiKeyHeader,
            String apiKey, URI tokenUrl, OAuth2Authentication.Grant grant, String clientId, String clientSecret,
            String refreshToken, String scope, OAuth2Authentication.ClientAuth clientAuth) {
        this.type = type;
        this.username = username;
        this.password = password;
        this.token = token;
        this.tokenPrefix = tokenPrefix;
        this.apiKeyHeader = apiKeyHeader;
        this.apiKey = apiKey;
        this.tokenUrl = tokenUrl;
        this.grant = grant;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.refreshToken = refreshToken;
        this.scope = scope;
        this.clientAuth = clientAuth;
    }

    public Type type() {
        return type;
    }

    /** The authentication these settings describe; OAuth 2.0 fetches its tokens through {@code http}. */
    public Authentication create(HttpClient http, Duration timeout, Clock clock) {
        return switch (type) {
            case NONE -> new NoAuthentication();
            case BASIC -> HeaderAuthentication.basic(username, password);
            case BEARER -> HeaderAuthentication.bearer(tokenPrefix, token);
            case APIKEY -> HeaderAuthentication.apiKey(apiKeyHeader, apiKey);
            case OAUTH2 -> new OAuth2Authentication(tokenUrl, grant, clientId, clientSecret, refreshToken, scope,
                    clientAuth, tokenPrefix, http, timeout, clock);
        };
    }

    @Override
    public String toString() {
        return switch (type) {
            case NONE -> "none";
            case BASIC -> "basic as " + username;
            case BEARER -> "bearer";
            case APIKEY -> "api key in " + apiKeyHeader;
            case OAUTH2 -> "oauth2 " + grant + " at " + tokenUrl + " as " + clientId;
        };
    }
}
