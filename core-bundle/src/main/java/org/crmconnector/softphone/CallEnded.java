package org.crmconnector.softphone;

/** Seed 002 {@code callEnded}: the call ended. */
public class CallEnded extends SoftphoneEvent {
    /** Call duration in seconds. */
    public Long duration;
    /** Disposition code selected by agent. */
    public String disposition;
    /** Call notes entered by agent. */
    public String notes;
    /** {@code inbound} or {@code outbound}. */
    public String callType;

    @Override
    public SoftphoneEventType type() {
        return SoftphoneEventType.CALL_ENDED;
    }
}
