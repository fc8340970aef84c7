package org.crmconnector.crm.genericrest.auth;

import java.net.http.HttpRequest;

/** Adds credentials to every request the adapter sends. Implementations are thread-safe. */
public interface Authentication {

    /**
     * Adds the credentials (usually one header).
     *
     * @throws AuthenticationException when credentials could not be obtained (token endpoint down, rejected)
     */
    void authenticate(HttpRequest.Builder request) throws AuthenticationException;

    /**
     * The CRM answered 401: forget cached credentials so the next request gets fresh ones.
     *
     * @return whether anything was renewable, i.e. whether retrying once can help
     */
    default boolean renew() {
        return false;
    }

    /** A name for logs and messages; never contains a secret. */
    String describe();
}
