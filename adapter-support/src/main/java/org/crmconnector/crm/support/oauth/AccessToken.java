package org.crmconnector.crm.support.oauth;

import java.time.Duration;
import java.time.Instant;

/** An OAuth 2.0 access token and when it expires, if the token endpoint said ({@code expires_in}). */
public final class AccessToken {

    private final String value;
    private final Instant expiresAt;
    private final Duration lifetime;

    private AccessToken(String value, Instant expiresAt, Duration lifetime) {
        this.value = value;
        this.expiresAt = expiresAt;
        this.lifetime = lifetime;
    }

    /** A token the endpoint gave no lifetime for: kept until the CRM refuses it. */
    public static AccessToken withoutLifetime(String value) {
        return new AccessToken(value, null, null);
    }

    /** A token valid for {@code lifetime} from {@code obtainedAt}. */
    public static AccessToken expiring(String value, Instant obtainedAt, Duration lifetime) {
        return new AccessToken(value, obtainedAt.plus(lifetime), lifetime);
    }

    /** The token as the CRM expects it after the authorization scheme. */
    public String value() {
        return value;
    }

    /** The header value to send, {@code Bearer <token>}. */
    public String authorizationHeader() {
        return "Bearer " + value;
    }

    /** When it runs out, or null when unknown. */
    public Instant expiresAt() {
        return expiresAt;
    }

    /** How long it was valid for when obtained, or null when unknown. */
    public Duration lifetime() {
        return lifetime;
    }

    /** Never prints the token itself: toString ends up in logs. */
    @Override
    public String toString() {
        return expiresAt == null ? "AccessToken[****]" : "AccessToken[****, expires " + expiresAt + "]";
    }
}
