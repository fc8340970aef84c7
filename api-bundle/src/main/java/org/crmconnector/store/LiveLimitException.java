package org.crmconnector.store;

/**
 * A creation refused by {@link SharedInteractionStore#create}: the tenant
 * already has as many live interactions as it may. Nothing was stored.
 *
 * @since 1.2
 */
public class LiveLimitException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LiveLimitException(String message) {
        super(message);
    }
}
