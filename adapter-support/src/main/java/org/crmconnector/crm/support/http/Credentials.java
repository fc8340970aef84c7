package org.crmconnector.crm.support.http;

import java.net.http.HttpRequest;

/**
 * What proves an adapter's identity to its CRM, shared by all its calls.
 * Implementations are thread-safe.
 *
 * @param <T> one issue of the credentials, e.g. an access token; handed back to {@link #renew} when refused
 */
public interface Credentials<T> {

    /**
     * The credentials to send now; obtained first when there are none yet or they ran out.
     *
     * @throws AuthenticationException when they could not be obtained
     */
    T current() throws AuthenticationException;

    /** Puts them on a request, usually as one header. */
    void apply(T credentials, HttpRequest.Builder request);

    /**
     * The CRM answered 401 to {@code refused}: their replacement, or null when
     * there is nothing to renew (fixed credentials), so trying again cannot help.
     *
     * @throws AuthenticationException when new ones could not be obtained
     */
    default T renew(T refused) throws AuthenticationException {
        return null;
    }
}
