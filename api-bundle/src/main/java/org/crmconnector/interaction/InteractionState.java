package org.crmconnector.interaction;

/**
 * Lifecycle of seed 003: offered, then accepted or rejected, then ended, then
 * finished once the disposition is set. {@link #REJECTED} and {@link #FINISHED}
 * are final.
 */
public enum InteractionState {
    OFFERED, ACCEPTED, REJECTED, ENDED, FINISHED;

    public boolean isFinal() {
        return this == REJECTED || this == FINISHED;
    }
}
