package org.crmconnector.softphone;

/** Seed 002 {@code callAccepted}: the agent accepted the call. */
public class CallAccepted extends SoftphoneEvent {
    /** Phone number of caller. */
    public String callerANI;
    /** Language selected by caller. */
    public String language;
    /** Intent. */
    public String ivrExitPath;
    public String channelName;
    /** Booking start date if a booking was identified with the virtual agent. */
    public String reservationStartDate;
    public String specialEvent;
    public String escalationType;
    /** {@code ON} or {@code OFF}. */
    public String recordingStatus;

    @Override
    public SoftphoneEventType type() {
        return SoftphoneEventType.CALL_ACCEPTED;
    }
}
