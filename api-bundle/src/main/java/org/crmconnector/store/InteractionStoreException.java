package org.crmconnector.store;

/** The interaction store could not take a change durably; the change did not happen. */
public class InteractionStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InteractionStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
