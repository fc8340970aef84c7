package org.crmconnector.core.lifecycle;

/** A lifecycle request that cannot be carried out; nothing was changed. */
public class LifecycleException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Error codes as the HTTP API reports them, with their status. */
    public enum Code {
        INTERACTION_NOT_FOUND(404),
        INTERACTION_FINISHED(410),
        INTERACTION_EXISTS(409),
        ILLEGAL_TRANSITION(409),
        TOO_MANY_INTERACTIONS(429);

        private final int httpStatus;

        Code(int httpStatus) {
            this.httpStatus = httpStatus;
        }

        public int httpStatus() {
            return httpStatus;
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
