package org.crmconnector.core.lifecycle;

import org.crmconnector.core.refusal.Refusal.Kind;

/** A lifecycle request that cannot be carried out; nothing was changed. */
public class LifecycleException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Error codes as clients see them, each with the kind of refusal it is. */
    public enum Code {
        INTERACTION_NOT_FOUND(Kind.NOT_FOUND),
        INTERACTION_FINISHED(Kind.GONE),
        INTERACTION_EXISTS(Kind.CONFLICT),
        ILLEGAL_TRANSITION(Kind.CONFLICT),
        TOO_MANY_INTERACTIONS(Kind.TOO_MANY),
        /** A change would give one interaction more CAVs than it may hold; waiting does not help. */
        TOO_MANY_CAVS(Kind.CONFLICT),
        /** A change would give one of an interaction's CRM object lists more than it may hold. */
        TOO_MANY_CRM_OBJECTS(Kind.CONFLICT);

        private final Kind kind;

        Code(Kind kind) {
            this.kind = kind;
        }

        public Kind kind() {
            return kind;
        }
    }

    private final Code code;

    public LifecycleException(Code code, String message) {
        super(message);
        this.code = code;
    }

    public Code code() {
        return code;
    }
}
