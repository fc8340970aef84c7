package org.crmconnector.crm.dynamics.auth;

import java.time.Instant;
import java.util.Map;

/** A client secret of the app registration. */
public final class ClientSecret implements ClientCredential {

    private final String secret;

    public ClientSecret(String secret) {
        this.secret = secret;
    }

    @Override
    public Map<String, String> formFields(String tokenEndpoint, Instant now) {
        return Map.of("client_secret", secret);
    }

    @Override
    public String name() {
        return "client_secret";
    }

    @Override
    public String toString() {
        return "ClientSecret[****]";
    }
}
