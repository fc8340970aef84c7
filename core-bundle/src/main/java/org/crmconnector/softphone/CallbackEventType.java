package org.crmconnector.softphone;

/** The callback event types of seed 002's {@code load(callback)}, by wire name. */
public enum CallbackEventType {
    /** Payload: array of disposition codes shown as a drop-down. */
    DISPOSITION("disposition"),
    /** Payload: {@link PartnerConfig}. */
    PARTNER_CONFIG("partner_config"),
    /** Payload: {@link UpdatePresence}. */
    UPDATE_PRESENCE("update_presence"),
    /** Payload: {@link StartCall}. */
    START_CALL("start_call");

    private final String wireName;

    CallbackEventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
