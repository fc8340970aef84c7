package org.crmconnector.core.channels;

import java.util.ArrayList;
import java.util.List;

import org.crmconnector.interaction.Cav;

/**
 * The body of a seed 003 lifecycle event for any channel ({@code chatOffered},
 * {@code emailAccepted}, ...). Addresses are phone numbers for calls and
 * social handles or email addresses for digital channels.
 */
public class ChannelEvent {
    public String interactionId;
    /** The agent the interaction is (now) with. */
    public String agentId;
    /** The customer's address: caller number, email address, chat or social handle. */
    public String from;
    /** The address the customer contacted. */
    public String to;
    public String callerName;
    public String subject;
    public String topicId;
    public String topicName;
    public String skillId;
    public String skillName;
    public String language;
    public List<Cav> cavs = new ArrayList<>();
    /** For *Rejected: active or passive. */
    public String reason;
    /** For *Ended and *Finished. */
    public String notes;
    /** For *Finished. */
    public String disposition;
}
