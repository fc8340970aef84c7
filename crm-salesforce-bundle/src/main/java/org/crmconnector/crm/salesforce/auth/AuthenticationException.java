package org.crmconnector.crm.salesforce.auth;

/** The token endpoint refused or could not be reached. */
public class AuthenticationException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean retryable;

    public AuthenticationException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    /** True for outages; false when Salesforce rejected the credentials (a configuration problem). */
    public boolean isRetryable() {
        return retryable;
    }
}
