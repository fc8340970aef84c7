package org.crmconnector.crm.support.owner;

/** The CRM's user directory did not answer; {@link #isRetryable()} tells whether it may later. */
public final class OwnerLookupException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean retryable;

    public OwnerLookupException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean isRetryable() {
        return retryable;
    }
}
