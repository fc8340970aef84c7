package org.crmconnector.crm.salesforce.http;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import org.crmconnector.crm.CrmException;
import org.crmconnector.crm.DeliveryResult;

/**
 * A REST call that did not succeed, classified for the delivery engine:
 * transient (retry later) or rejected (never succeeds as sent).
 */
public class SalesforceApiException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient List<ApiError> errors;
    private final boolean retryable;
    private final Duration retryAfter;
    private final boolean loginFailure;

    public SalesforceApiException(String message, int status, List<ApiError> errors, boolean retryable,
            Duration retryAfter, Throwable cause) {
        this(message, status, errors, retryable, retryAfter, cause, false);
    }

    private SalesforceApiException(String message, int status, List<ApiError> errors, boolean retryable,
            Duration retryAfter, Throwable cause, boolean loginFailure) {
        super(message, cause);
        this.status = status;
        this.errors = List.copyOf(errors);
        this.retryable = retryable;
        this.retryAfter = retryAfter;
        this.loginFailure = loginFailure;
    }

    /** The token endpoint refused; {@code retryable} says whether it was an outage. */
    static SalesforceApiException loginFailed(String message, boolean retryable, Throwable cause) {
        return new SalesforceApiException(message, 0, List.of(), retryable, null, cause, true);
    }

    /**
     * Classifies an HTTP error answer.
     *
     * @param retryAfter the answer's own {@code Retry-After}, or null; it wins over the daily-limit back-off
     */
    static SalesforceApiException fromResponse(int status, List<ApiError> errors, String fallbackText, Duration limitBackoff,
            Duration retryAfter) {
        boolean limit = errors.stream().anyMatch(e -> "REQUEST_LIMIT_EXCEEDED".equals(e.code()));
        boolean retryable = status >= 500 || status == 401 || status == 429 || errors.stream().anyMatch(ApiError::isTransient);
        String message = errors.isEmpty()
                ? "HTTP " + status + (fallbackText.isEmpty() ? "" : ": " + fallbackText)
                : errors.stream().map(ApiError::toString).collect(Collectors.joining("; "));
        Duration wait = retryAfter != null && retryable ? retryAfter : limit ? limitBackoff : null;
        return new SalesforceApiException(message, status, errors, retryable, wait, null);
    }

    public int status() {
        return status;
    }

    public List<ApiError> errors() {
        return errors;
    }

    public boolean isRetryable() {
        return retryable;
    }

    /** How a delivery method answers this failure. */
    public DeliveryResult toDeliveryResult() {
        // Rejected credentials are a configuration error an operator can fix:
        // the log must survive it rather than be cancelled.
        return retryable || loginFailure ? DeliveryResult.retry(getMessage(), retryAfter) : DeliveryResult.cancel(getMessage());
    }

    /** How a synchronous lookup answers this failure. */
    public CrmException toCrmException() {
        return new CrmException("Salesforce: " + getMessage(), retryable, this);
    }
}
