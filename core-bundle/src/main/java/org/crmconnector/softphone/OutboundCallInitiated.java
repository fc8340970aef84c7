package org.crmconnector.softphone;

/** Seed 002 {@code outboundCallInitiated}: the agent started an independent outbound call. */
public class OutboundCallInitiated extends SoftphoneEvent {
    /** The number dialled. */
    public String dialledTo;

    @Override
    public SoftphoneEventType type() {
        return SoftphoneEventType.OUTBOUND_CALL_INITIATED;
    }
}
