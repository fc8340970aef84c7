package org.crmconnector.crm;

/** Moments of an interaction's life a CRM may want to hear about (seed 004's ringing and hang-up). */
public enum Trigger {
    /** Offered: the agent's phone rings, a chat is assigned. */
    OFFERED,
    ACCEPTED,
    /** Ended: hang-up. */
    ENDED,
    /** Finished: wrap-up done, disposition set. */
    FINISHED
}
