package org.crmconnector.crm.genericrest.http;

import java.time.Duration;

import org.crmconnector.crm.support.http.AuthenticationException;

/** A request that did not succeed, after the retries the policy allows. */
public class RestFailure extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean retryable;
    private final int status;
    private final transient Duration retryAfter;

    public RestFailure(String message, boolean retryable, int status, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
        this.status = status;
        this.retryAfter = retryAfter;
    }

    /** Whether trying later may succeed: 5xx, 429, connection trouble; not other 4xx. */
    public boolean isRetryable() {
        return retryable;
    }

    /** The HTTP status, or 0 when there was no answer. */
    public int status() {
        return status;
    }

    /**
     * Whether the CRM refused our credentials (401 after one renewal, or the
     * token endpoint said no): a configuration error an operator fixes, after
     * which the same request succeeds.
     */
    public boolean refusedCredentials() {
        return status == 401 || getCause() instanceof AuthenticationException;
    }

    /** The server's {@code Retry-After}, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
