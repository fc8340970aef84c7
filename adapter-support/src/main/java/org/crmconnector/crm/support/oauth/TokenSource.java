package org.crmconnector.crm.support.oauth;

import org.crmconnector.crm.support.http.AuthenticationException;

/** Obtains a new access token, usually with one request to the CRM's token endpoint. */
@FunctionalInterface
public interface TokenSource {

    /**
     * @throws AuthenticationException when no token could be obtained; retryable when the endpoint was
     *         unreachable or overloaded, not when it refused the credentials
     */
    AccessToken fetch() throws AuthenticationException;
}
