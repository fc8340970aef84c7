package org.crmconnector.core.refusal;

/**
 * A request the engine refuses; nothing was changed. The code is what a
 * client sees (e.g. {@code INVALID_FIELD}); the kind says what went wrong in
 * terms of no transport, so the engine can be driven by HTTP, the shell or a
 * replay alike, and each caller decides what a kind means to it.
 */
public class Refusal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong, as far as the caller must know to react. */
    public enum Kind {
        /** The request itself is wrong: malformed, a wrong type, a missing or invalid field, an unknown name. */
        INVALID,
        /** What the request names does not exist. */
        NOT_FOUND,
        /** The request does not fit the current state, e.g. an illegal lifecycle transition. */
        CONFLICT,
        /** What the request names existed but is over for good, e.g. a finished interaction. */
        GONE,
        /** A bound is reached, e.g. a tenant's live interactions; the same request may succeed later. */
        TOO_MANY,
        /** Something the request needs (a database, a broker) does not answer now; nothing changed, try again. */
        UNAVAILABLE
    }

    private final Kind kind;
    private final String code;

    public Refusal(Kind kind, String code, String message) {
        super(message);
        this.kind = kind;
        this.code = code;
    }

    public static Refusal invalid(String code, String message) {
        return new Refusal(Kind.INVALID, code, message);
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }
}
