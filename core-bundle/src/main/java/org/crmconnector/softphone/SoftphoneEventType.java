package org.crmconnector.softphone;

import java.util.Optional;

/** The methods of seed 002 a softphone calls, by their wire names. */
public enum SoftphoneEventType {
    INCOMING_CALL("incomingCall", IncomingCall.class),
    CALL_ACCEPTED("callAccepted", CallAccepted.class),
    CALL_REJECTED("callRejected", CallRejected.class),
    CALL_ENDED("callEnded", CallEnded.class),
    CALL_NOTES_SUBMITTED("callNotesSubmitted", CallNotesSubmitted.class),
    OUTBOUND_CALL_INITIATED("outboundCallInitiated", OutboundCallInitiated.class),
    STATUS_CHANGED("statusChanged", StatusChanged.class);

    private final String wireName;
    private final Class<? extends SoftphoneEvent> payloadType;

    SoftphoneEventType(String wireName, Class<? extends SoftphoneEvent> payloadType) {
        this.wireName = wireName;
        this.payloadType = payloadType;
    }

    public String wireName() {
        return wireName;
    }

    public Class<? extends SoftphoneEvent> payloadType() {
        return payloadType;
    }

    public static Optional<SoftphoneEventType> fromWireName(String name) {
        for (SoftphoneEventType t : values()) {
            if (t.wireName.equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
