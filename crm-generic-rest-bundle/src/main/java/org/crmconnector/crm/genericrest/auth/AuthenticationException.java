package org.crmconnector.crm.genericrest.auth;

/** Credentials could not be obtained. */
public class AuthenticationException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean retryable;

    public AuthenticationException(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    public AuthenticationException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    /** True for outages of the token endpoint, false when the credentials were refused. */
    public boolean isRetryable() {
        return retryable;
    }
}
