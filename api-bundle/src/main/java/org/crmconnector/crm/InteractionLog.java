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
     * The idempotency key within the tenant: the same key must always lead to
     * the same record. It is the interaction id, plus the leg for transfer and
     * conference legs. Adapters write {@link #tenantKey()} into the CRM.
     */
    public String key() {
        return interaction.legId == 0 ? interaction.interactionId : interaction.interactionId + "#" + interaction.legId;
    }

    /**
     * The key to write into the CRM: {@code tenantId:key()}, e.g. {@code acme:9f1c2d#1}.
     * Interaction ids are chosen by callers and are unique only within a
     * tenant, so two tenants sharing one adapter instance would upsert each
     * other's records under {@link #key()} alone. Tenant ids never contain
     * ':', so the first ':' separates the two parts. Without a tenant (never
     * the case for a log the engine hands out) it is {@link #key()}.
     *
     * @since 1.1
     */
    public String tenantKey() {
        String tenant = interaction.tenantId;
        return tenant == null || tenant.isEmpty() ? key() : tenant + ":" + key();
    }
}
