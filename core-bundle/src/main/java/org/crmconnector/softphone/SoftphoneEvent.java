package org.crmconnector.softphone;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Fields every softphone event carries. {@code agentId} is not in seed 002: the
 * connector needs it so that pops and callbacks reach this agent's browser and
 * no other, so every softphone request names it.
 */
@ProviderType
public abstract class SoftphoneEvent {
    /** Unique guid to identify partner in platform. */
    public String partnerId;
    /** Unique guid to identify conversation; the interaction's key. */
    public String conversationId;
    /** The agent whose softphone sent the event. */
    public String agentId;

    /** The event's name on the wire, as in seed 002. */
    public abstract SoftphoneEventType type();
}
