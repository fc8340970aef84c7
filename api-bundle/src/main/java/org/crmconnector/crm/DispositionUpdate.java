package org.crmconnector.crm;

import org.crmconnector.interaction.Interaction;

/** A disposition chosen after the log was written: it updates the same record. */
public class DispositionUpdate {
    public Interaction interaction;
    public String dispositionCode;
    /** The record the log delivery wrote, when known. */
    public CrmRecordRef record;

    public DispositionUpdate() {
    }

    public DispositionUpdate(Interaction interaction, String dispositionCode, CrmRecordRef record) {
        this.interaction = interaction;
        this.dispositionCode = dispositionCode;
        this.record = record;
    }

    /** Same key as the interaction's {@link InteractionLog#key()}. */
    public String key() {
        return new InteractionLog(interaction, record).key();
    }
}
