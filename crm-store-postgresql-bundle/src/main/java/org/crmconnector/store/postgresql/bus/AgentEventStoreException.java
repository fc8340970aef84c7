package org.crmconnector.store.postgresql.bus;

import org.crmconnector.eventbus.AgentEventBusException;

/** The database did not take or give agent events: nothing was published (or read). */
final class AgentEventStoreException extends AgentEventBusException {

    private static final long serialVersionUID = 1L;

    AgentEventStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
