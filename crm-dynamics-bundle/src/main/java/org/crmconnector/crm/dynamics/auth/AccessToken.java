package org.crmconnector.crm.dynamics.auth;

import java.time.Instant;

/** An Entra ID access token and when it expires ({@code expires_in}). */
public final class AccessToken {

    private final String value;
    private final Instant expiresAt;

    public AccessToken(String value, Instant expiresAt) {
        this.value = value;
        this.expiresAt = expiresAt;
    }

    public String authorizationHeader() {
        return "Bearer " + value;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    /** Never prints the token itself: toString ends up in logs. */
    @Override
    public String toString() {
        return "AccessToken[****, expires " + expiresAt + "]";
    }
}
