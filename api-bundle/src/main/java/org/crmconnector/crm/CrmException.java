package org.crmconnector.crm;

/** The CRM could not answer a synchronous request. */
public class CrmException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean retryable;

    public CrmException(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    public CrmException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    /** Whether asking again later may succeed (outage, rate limit) or not (bad request, bad credentials). */
    public boolean isRetryable() {
        return retryable;
    }
}
