package org.crmconnector.crm.dynamics.webapi;

import java.time.Duration;

import org.crmconnector.crm.CrmException;
import org.crmconnector.crm.DeliveryResult;

/**
 * A Web API call that did not succeed, classified once for every caller:
 * whether it may succeed later, how long the CRM asked us to wait, and
 * whether our credentials were refused.
 */
public final class WebApiException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final boolean retryable;
    private final transient Duration retryAfter;
    private final boolean credentialsRefused;

    private WebApiException(String message, int status, boolean retryable, Duration retryAfter, boolean credentialsRefused,
            Throwable cause) {
        super(message, cause);
        this.status = status;
        this.retryable = retryable;
        this.retryAfter = retryAfter;
        this.credentialsRefused = credentialsRefused;
    }

    /** No answer: refused connection, reset, timeout. */
    static WebApiException unreachable(String message, Throwable cause) {
        return new WebApiException(message, 0, true, null, false, cause);
    }

    /** Entra ID or Dataverse refused who we are; {@code outage} when the token endpoint itself failed. */
    static WebApiException login(String message, boolean outage, Throwable cause) {
        return new WebApiException(message, 0, outage, null, !outage, cause);
    }

    /** Waiting out a service protection limit the CRM reported earlier; no request was sent. */
    static WebApiException throttled(Duration wait) {
        return new WebApiException("Dataverse service protection limit: waiting " + wait.toSeconds()
                + " s more before the next request", 429, true, wait, false, null);
    }

    /**
     * Classifies an error answer: 429 (service protection) and 5xx may pass,
     * 401 and 403 are credentials or privileges an administrator fixes, any
     * other 4xx is a request Dataverse will refuse again.
     */
    public static WebApiException ofStatus(int status, ODataError error, Duration retryAfter) {
        String message = "HTTP " + status + (error == null ? "" : ": " + error);
        if (status == 401 || status == 403) {
            return new WebApiException(message, status, false, null, true, null);
        }
        boolean retryable = status == 429 || status >= 500;
        return new WebApiException(message, status, retryable, retryable ? retryAfter : null, false, null);
    }

    /** An answer Dataverse does not give (a proxy's page instead of JSON): try again later. */
    static WebApiException unexpected(String message) {
        return new WebApiException(message, 0, true, null, false, null);
    }

    public int status() {
        return status;
    }

    public boolean isRetryable() {
        return retryable;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    /**
     * How a delivery answers this failure. Refused credentials or missing
     * privileges keep the log waiting: once an administrator fixes them the
     * same log is accepted.
     */
    public DeliveryResult toDeliveryResult() {
        return retryable || credentialsRefused ? DeliveryResult.retry(getMessage(), retryAfter)
                : DeliveryResult.cancel(getMessage());
    }

    /** How a lookup answers this failure. */
    public CrmException toCrmException() {
        return new CrmException("Dynamics 365: " + getMessage(), retryable, this);
    }
}
