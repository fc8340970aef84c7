package org.crmconnector.crm.example.api;

import java.time.Duration;

import org.crmconnector.crm.CrmException;
import org.crmconnector.crm.DeliveryResult;

/**
 * A CRM call that failed, classified the way the engine needs it: may pass
 * later (outage, 429, 5xx: RETRY, with the CRM's Retry-After), refused
 * credentials (RETRY: an operator fixes them and the log goes out), or
 * refused data (CANCEL, with the CRM's words).
 */
public final class ApiFailure extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean retryable;
    private final boolean credentialsRefused;
    private final transient Duration retryAfter;

    ApiFailure(String message, boolean retryable, boolean credentialsRefused, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
        this.credentialsRefused = credentialsRefused;
        this.retryAfter = retryAfter;
    }

    public DeliveryResult toDeliveryResult() {
        return retryable || credentialsRefused ? DeliveryResult.retry(getMessage(), retryAfter) : DeliveryResult.cancel(getMessage());
    }

    public CrmException toCrmException() {
        return new CrmException("Example CRM: " + getMessage(), retryable, this);
    }
}
