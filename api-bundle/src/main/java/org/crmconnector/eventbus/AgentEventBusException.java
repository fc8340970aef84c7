package org.crmconnector.eventbus;

/**
 * The bus could not do what was asked now: its database or broker did not
 * answer. Nothing was published or subscribed; the same call may succeed
 * later. The message names the problem, for the caller to pass on.
 */
public class AgentEventBusException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public AgentEventBusException(String message, Throwable cause) {
        super(message, cause);
    }
}
