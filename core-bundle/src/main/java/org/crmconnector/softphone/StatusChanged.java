package org.crmconnector.softphone;

/** Seed 002 {@code statusChanged}: the agent changed status. */
public class StatusChanged extends SoftphoneEvent {
    /** Unique guid of status on softphone. */
    public String softphoneId;

    @Override
    public SoftphoneEventType type() {
        return SoftphoneEventType.STATUS_CHANGED;
    }
}
