package org.crmconnector.store;

/** The outbox store could not do what was asked, typically a disk or file problem. */
public class OutboxStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OutboxStoreException(String message) {
        super(message);
    }

    public OutboxStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
