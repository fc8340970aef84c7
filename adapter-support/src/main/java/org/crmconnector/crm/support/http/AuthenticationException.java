package org.crmconnector.crm.support.http;

/** Credentials could not be obtained: the token endpoint refused them or could not be reached. */
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

    /**
     * True for outages of the token endpoint; false when the credentials were
     * refused, a configuration problem that trying again does not solve.
     */
    public boolean isRetryable() {
        return retryable;
    }
}
