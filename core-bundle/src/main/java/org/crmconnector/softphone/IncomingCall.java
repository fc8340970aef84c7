package org.crmconnector.softphone;

/** Seed 002 {@code incomingCall}: an incoming call is routed to the agent. */
public class IncomingCall extends SoftphoneEvent {
    /** Phone number of caller. */
    public String callerANI;
    /** Language selected by caller; seed default {@code en_US}. */
    public String language;

    @Override
    public SoftphoneEventType type() {
        return SoftphoneEventType.INCOMING_CALL;
    }
}
