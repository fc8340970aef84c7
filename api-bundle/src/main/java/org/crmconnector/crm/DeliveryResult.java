package org.crmconnector.crm;

import java.time.Duration;

/**
 * The outcome of delivering work to a CRM, in the shape of Apache Sling's
 * {@code JobConsumer}: done, try again later, or never retry.
 */
public final class DeliveryResult {

    public enum Status {
        /** Delivered; {@link #record()} names what was written. */
        OK,
        /** Not delivered now; retrying later may succeed (outage, rate limit, lock). */
        RETRY,
        /** Not delivered and never will be as it is (validation error, rejected data). */
        CANCEL
    }

    private static final DeliveryResult OK_NO_RECORD = new DeliveryResult(Status.OK, null, null, null);

    private final Status status;
    private final CrmRecordRef record;
    private final String message;
    private final Duration retryAfter;

    private DeliveryResult(Status status, CrmRecordRef record, String message, Duration retryAfter) {
        this.status = status;
        this.record = record;
        this.message = message;
        this.retryAfter = retryAfter;
    }

    public static DeliveryResult ok() {
        return OK_NO_RECORD;
    }

    public static DeliveryResult ok(CrmRecordRef record) {
        return new DeliveryResult(Status.OK, record, null, null);
    }

    /** Try again later; {@code retryAfter} may be null when the CRM gave no hint. */
    public static DeliveryResult retry(String message, Duration retryAfter) {
        return new DeliveryResult(Status.RETRY, null, message, retryAfter);
    }

    public static DeliveryResult retry(String message) {
        return retry(message, null);
    }

    public static DeliveryResult cancel(String message) {
        return new DeliveryResult(Status.CANCEL, null, message, null);
    }

    public Status status() {
        return status;
    }

    public boolean isOk() {
        return status == Status.OK;
    }

    /** The record written, when the status is OK and the CRM returned one. */
    public CrmRecordRef record() {
        return record;
    }

    /** The CRM's reason when not OK. */
    public String message() {
        return message;
    }

    /** The CRM's hint how long to wait, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    @Override
    public String toString() {
        return status + (message == null ? "" : ": " + message) + (record == null ? "" : " " + record);
    }
}
