package org.crmconnector.core.outbox;

import org.crmconnector.crm.CrmRecordRef;
import org.crmconnector.interaction.Interaction;

/**
 * Told when an interaction log reaches its CRM or becomes a dead letter, so
 * the agent can be told. Registered as a service (whiteboard); called on a
 * delivery thread after the outcome is stored: keep it cheap, never block.
 */
public interface LogOutcomeListener {

    /** The CRM took the log; {@code record} is what it wrote, or null when the adapter does not say. */
    void logSaved(String tenantId, Interaction interaction, CrmRecordRef record);

    /** The log is a dead letter (id {@code deadLetterId}) with the CRM's or adapter's error; an operator may retry it. */
    void logFailed(String tenantId, Interaction interaction, long deadLetterId, String error);
}
