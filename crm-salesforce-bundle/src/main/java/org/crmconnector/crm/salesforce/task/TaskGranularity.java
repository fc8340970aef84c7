package org.crmconnector.crm.salesforce.task;

/** How many Tasks a transferred or conferenced interaction leaves. */
public enum TaskGranularity {
    /** One Task per agent leg, keyed by {@code InteractionLog.tenantKey()} ({@code tenantId:interactionId#leg}). */
    PER_LEG,
    /** One Task per interaction, keyed by {@code tenantId:interactionId}; each leg's log rewrites it. */
    PER_INTERACTION
}
