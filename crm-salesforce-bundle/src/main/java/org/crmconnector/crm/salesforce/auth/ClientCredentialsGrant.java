package org.crmconnector.crm.salesforce.auth;

import java.time.Instant;

/**
 * The client-credentials flow: the connected app's consumer key and secret,
 * acting as the app's Run-As user. The token host must be the org's My Domain.
 */
public final class ClientCredentialsGrant implements TokenGrant {

    private final String clientId;
    private final String clientSecret;

    public ClientCredentialsGrant(String clientId, String clientSecret) {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
    }

    @Override
    public String formBody(Instant now) {
        return new FormBody()
                .add("grant_type", "client_credentials")
                .add("client_id", clientId)
                .add("client_secret", clientSecret)
                .encode();
    }

    @Override
    public String name() {
        return "client_credentials";
    }

    @Override
    public String toString() {
        return "ClientCredentialsGrant[clientId=" + clientId + "]";
    }
}
