package org.crmconnector.eventbus;

/**
 * The bus has no room for one more topic of this tenant: a bus that holds
 * topics in memory bounds how many one tenant may have, so that made-up agent
 * ids cannot fill its heap. Nothing was published or subscribed.
 */
public class TopicLimitException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String tenantId;

    public TopicLimitException(String tenantId, String message) {
        super(message);
        this.tenantId = tenantId;
    }

    public String tenantId() {
        return tenantId;
    }
}
