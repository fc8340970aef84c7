package org.crmconnector.crm;

/**
 * Something added to a finished interaction's CRM record after the call:
 * a recording link, a transcript or a summary, which arrive minutes later.
 * The engine delivers an addition only after the interaction's log, so
 * {@link #record} names the record that log wrote.
 *
 * @since 1.1
 */
public class InteractionAddition {

    /** What the addition is; an adapter chooses the CRM field each goes to. */
    public enum Kind {
        /** {@link #url} links to the call's recording. */
        RECORDING,
        /** {@link #text} is the call's transcript. */
        TRANSCRIPT,
        /** {@link #text} is a summary of the call. */
        SUMMARY
    }

    public String tenantId;
    public String interactionId;
    /** The leg whose log this adds to; 0 for the interaction's own log. */
    public int legId;
    /** The caller's key for this addition, unique within the interaction. */
    public String additionKey;
    public Kind kind;
    /** A link (a recording), or null. */
    public String url;
    /** Text (a transcript or summary), or null. */
    public String text;
    /** The record the interaction's log wrote; null when the adapter named none. */
    public CrmRecordRef record;

    public InteractionAddition() {
    }

    /** The key of the log this addition goes to, as {@link InteractionLog#key()} has it. */
    public String logKey() {
        return legId == 0 ? interactionId : interactionId + "#" + legId;
    }

    /**
     * The idempotency key within the tenant: {@code logKey()/additionKey}, e.g.
     * {@code 9f1c2d/rec-1}. The engine delivers at least once; adapters make a
     * second delivery of one key change nothing more.
     */
    public String key() {
        return logKey() + "/" + additionKey;
    }

    /** {@link #key()} prefixed with the tenant, as {@link InteractionLog#tenantKey()}. */
    public String tenantKey() {
        return tenantId == null || tenantId.isEmpty() ? key() : tenantId + ":" + key();
    }
}
