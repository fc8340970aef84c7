package org.crmconnector.core.store;

/** The journal cannot make a change durable (or read what it holds); each store says so in its own terms. */
public class JournalException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JournalException(String message, Throwable cause) {
        super(message, cause);
    }
}
