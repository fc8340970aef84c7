package org.crmconnector.crm.genericrest.auth;

import org.crmconnector.crm.support.http.Credentials;

/**
 * Adds credentials to every request the adapter sends; the configured kind
 * decides which. Implementations are thread-safe.
 *
 * @see org.crmconnector.crm.support.http.AuthorizedClient
 */
public interface Authentication extends Credentials<String> {

    /** A name for logs and messages; never contains a secret. */
    String describe();
}
