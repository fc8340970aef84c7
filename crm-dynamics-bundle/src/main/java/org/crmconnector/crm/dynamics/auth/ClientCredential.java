package org.crmconnector.crm.dynamics.auth;

import java.time.Instant;
import java.util.Map;

/**
 * How the app registration proves itself to Entra ID in the client
 * credentials flow: a client secret, or an assertion signed with a
 * certificate's key.
 */
public interface ClientCredential {

    /**
     * The form fields that authenticate the client, besides
     * {@code grant_type}, {@code client_id} and {@code scope}.
     *
     * @param tokenEndpoint the audience of a signed assertion
     */
    Map<String, String> formFields(String tokenEndpoint, Instant now);

    /** For messages: {@code client_secret} or {@code certificate}. */
    String name();
}
