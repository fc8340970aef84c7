package org.crmconnector.softphone;

/** Seed 002 {@code callRejected}: the call was rejected actively or passively. */
public class CallRejected extends SoftphoneEvent {
    /** {@code active} or {@code passive}. */
    public String reason;

    @Override
    public SoftphoneEventType type() {
        return SoftphoneEventType.CALL_REJECTED;
    }
}
