package org.crmconnector.core.outbox;

import java.util.Locale;

import org.crmconnector.store.OutboxItem;

/** Where a log that is not in the CRM stands, as the console and the API name it. */
public enum UnloggedState {
    /** Waiting for its first attempt (or for the tenant's adapter). */
    PENDING,
    /** Attempted and failed; tried again later. */
    RETRYING,
    /** Given up after the retries: a dead letter an operator may retry. */
    DEAD,
    /** The CRM refused it (validation, rejected data): a dead letter that needs a fix before a retry. */
    CANCELLED;

    public final String label = name().toLowerCase(Locale.ROOT);

    public static UnloggedState of(OutboxItem item) {
        if (item.status == OutboxItem.Status.DEAD) {
            return item.lastError != null && item.lastError.startsWith(DeliveryDispatcher.REFUSED) ? CANCELLED : DEAD;
        }
        return item.attempts > 0 ? RETRYING : PENDING;
    }
}
