package org.crmconnector.crm.dynamics.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.crmconnector.crm.support.http.AuthenticationException;
import org.crmconnector.crm.support.oauth.AccessToken;
import org.crmconnector.crm.support.oauth.TokenEndpoint;
import org.crmconnector.crm.support.oauth.TokenSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An app-only access token from Microsoft Entra ID's client credentials
 * flow: {@code POST {authority}/{tenant}/oauth2/v2.0/token} with
 * {@code scope={environment}/.default} (Microsoft Learn, "Microsoft identity
 * platform and the OAuth 2.0 client credentials flow").
 */
public final class EntraLogin implements TokenSource {

    private static final Logger LOG = LoggerFactory.getLogger(EntraLogin.class);

    private final TokenEndpoint endpoint;
    private final String clientId;
    private final String scope;
    private final ClientCredential credential;
    private final Clock clock;

    public EntraLogin(TokenEndpoint endpoint, String clientId, String scope, ClientCredential credential, Clock clock) {
        this.endpoint = endpoint;
        this.clientId = clientId;
        this.scope = scope;
        this.credential = credential;
        this.clock = clock;
    }

    @Override
    public AccessToken fetch() throws AuthenticationException {
        Instant now = clock.instant();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", clientId);
        form.put("scope", scope);
        form.putAll(credential.formFields(endpoint.uri().toString(), now));
        TokenEndpoint.Answer answer = endpoint.post(form, null);
        if (answer.status() == 200 && answer.body().hasNonNull("access_token")) {
            long seconds = answer.body().path("expires_in").asLong(3599);
            LOG.debug("Obtained an Entra ID token for {} ({}), valid {} s", scope, credential.name(), seconds);
            return AccessToken.expiring(answer.body().get("access_token").asText(), now, Duration.ofSeconds(seconds));
        }
        // {"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided. ..."}: no secret in it;
        // an answer that is no OAuth error at all (a proxy's page) is an outage, not a refusal
        boolean outage = answer.outage() || !answer.body().has("error");
        throw new AuthenticationException("Entra ID login (" + credential.name() + ") failed: " + answer.reason(), outage,
                null);
    }
}
