package org.crmconnector.crm.salesforce.auth;

import java.time.Instant;

/** One OAuth 2.0 flow: the form body to post to the token endpoint. */
public interface TokenGrant {

    /** The {@code application/x-www-form-urlencoded} body, built fresh for each request. */
    String formBody(Instant now);

    /** The flow's name for messages, e.g. {@code client_credentials}. */
    String name();
}
