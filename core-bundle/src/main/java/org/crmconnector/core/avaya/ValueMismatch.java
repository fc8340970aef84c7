package org.crmconnector.core.avaya;

/**
 * A value that does not fit its field: the wrong type, an unknown choice, an
 * unreadable timestamp. The only failure a best-effort mapping leaves out;
 * anything else that goes wrong on the way is a bug and must surface.
 * {@link CrmConnectResource} answers it, and {@link LimitExceeded}, with 400,
 * but no other {@link IllegalArgumentException}.
 */
final class ValueMismatch extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    ValueMismatch(String message) {
        super(message);
    }
}
