package org.crmconnector.crm;

import org.crmconnector.interaction.Interaction;

/** The end-of-interaction record to write into the CRM. */
public class InteractionLog {
    /** The full interaction data at the time the log was taken. */
    public Interaction interaction;
    /** The record a previous delivery wrote, or null the first time. */
    public CrmRecordRef existingRecord;

    public InteractionLog() {
    }

    public InteractionLog(Interaction interaction, CrmRecordRef existingRecord) {
        this.interaction = interaction;
        this.existingRecord = existingRecord;
    }

    /**
     * The idempotency key: the same key must always lead to the same record.
     * It is the interaction id, plus the leg for transfer and conference legs.
     */
    public String key() {
        return interaction.legId == 0 ? interaction.interactionId : interaction.interactionId + "#" + interaction.legId;
    }
}
