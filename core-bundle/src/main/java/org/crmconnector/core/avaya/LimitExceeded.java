package org.crmconnector.core.avaya;

/** A size limit; never skipped, not even by a best-effort mapping, as it guards the server, not the data. */
final class LimitExceeded extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    LimitExceeded(String message) {
        super(message);
    }
}
