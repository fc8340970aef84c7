package org.crmconnector.crm.conformance;

/** What {@link CrmLink} does to the requests that pass it while the fault is set. */
public enum Fault {
    /** Forwarded as they are. */
    NONE,
    /** Taken in and dropped without an answer: the connection closes, as in an outage or a broken network. */
    OUTAGE,
    /** {@code 429 Too Many Requests} with {@code Retry-After: }{@link CrmLink#RETRY_AFTER_SECONDS}. */
    RATE_LIMITED,
    /** {@code 503 Service Unavailable} with an HTML body, as a load balancer sends it. */
    SERVER_ERROR,
    /** {@code 200 OK} whose body is an HTML page, not what the CRM's API answers. */
    GARBAGE,
    /** Held at the door until {@link CrmLink#release()}; {@link CrmLink#awaitHeld} tells when one arrived. */
    HOLD
}
