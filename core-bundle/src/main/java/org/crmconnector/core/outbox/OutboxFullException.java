package org.crmconnector.core.outbox;

/**
 * A tenant already has as many undelivered items as it may; nothing was
 * stored. The HTTP layer answers 503 (or 429) with a Retry-After, so the
 * caller backs off instead of the outbox growing without bound while the
 * tenant's CRM is away.
 */
public class OutboxFullException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String tenantId;
    private final int limit;

    public OutboxFullException(String tenantId, int limit) {
        super("Tenant " + tenantId + " has " + limit + " undelivered CRM items, its limit; try again later");
        this.tenantId = tenantId;
        this.limit = limit;
    }

    public String tenantId() {
        return tenantId;
    }

    public int limit() {
        return limit;
    }
}
