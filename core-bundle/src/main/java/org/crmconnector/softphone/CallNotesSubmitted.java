package org.crmconnector.softphone;

/** Seed 002 {@code callNotesSubmitted}: the agent submitted disposition and notes; wrap-up is over. */
public class CallNotesSubmitted extends SoftphoneEvent {
    /** Disposition code selected by agent. */
    public String disposition;
    /** Call notes entered by agent. */
    public String notes;

    @Override
    public SoftphoneEventType type() {
        return SoftphoneEventType.CALL_NOTES_SUBMITTED;
    }
}
