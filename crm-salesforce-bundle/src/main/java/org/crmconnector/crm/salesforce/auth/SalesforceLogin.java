package org.crmconnector.crm.salesforce.auth;

import java.time.Clock;

import org.crmconnector.crm.support.http.AuthenticationException;
import org.crmconnector.crm.support.oauth.AccessToken;
import org.crmconnector.crm.support.oauth.TokenEndpoint;
import org.crmconnector.crm.support.oauth.TokenSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Salesforce login with one OAuth 2.0 flow. Salesforce gives no lifetime
 * with the session id (the session times out on inactivity), so the token is
 * kept until a call answers {@code INVALID_SESSION_ID}.
 */
public final class SalesforceLogin implements TokenSource {

    private static final Logger LOG = LoggerFactory.getLogger(SalesforceLogin.class);

    private final TokenEndpoint endpoint;
    private final TokenGrant grant;
    private final Clock clock;

    public SalesforceLogin(TokenEndpoint endpoint, TokenGrant grant, Clock clock) {
        this.endpoint = endpoint;
        this.grant = grant;
        this.clock = clock;
    }

    @Override
    public AccessToken fetch() throws AuthenticationException {
        TokenEndpoint.Answer answer = endpoint.post(grant.formBody(clock.instant()), null);
        if (answer.status() == 200 && answer.body().hasNonNull("access_token")) {
            LOG.debug("Obtained a Salesforce access token with the {} flow from {}", grant.name(), endpoint.uri());
            return AccessToken.withoutLifetime(answer.body().get("access_token").asText());
        }
        throw new AuthenticationException("Salesforce login (" + grant.name() + ") failed: " + answer.reason(),
                answer.outage(), null);
    }
}
