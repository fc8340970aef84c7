package org.crmconnector.store.postgresql.bus;

/** The database did not take or give agent events: nothing was published (or read). */
final class AgentEventStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    AgentEventStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
