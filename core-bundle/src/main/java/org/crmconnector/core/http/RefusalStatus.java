package org.crmconnector.core.http;

import org.crmconnector.core.refusal.Refusal;

/** The HTTP status for each kind of refusal: the engine names the kind, only this layer knows statuses. */
final class RefusalStatus {

    private RefusalStatus() {
    }

    static int of(Refusal.Kind kind) {
        return switch (kind) {
            case INVALID -> 400;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case GONE -> 410;
            case TOO_MANY -> 429;
            case UNAVAILABLE -> 503;
        };
    }
}
