package org.crmconnector.crm.salesforce.task;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.crmconnector.crm.InteractionLog;
import org.crmconnector.crm.support.text.FieldText;
import org.crmconnector.interaction.CrmObject;
import org.crmconnector.interaction.Interaction;

/** Builds the Task fields of an interaction log as the tenant's mapping says. */
public final class TaskMapper {

    private final TaskFieldMapping mapping;
    private final String status;
    private final TaskGranularity granularity;
    private final Set<String> mappedSources;

    public TaskMapper(TaskFieldMapping mapping, String status, TaskGranularity granularity) {
        this.mapping = mapping;
        this.status = status;
        this.granularity = granularity;
        this.mappedSources = mapping.entries().stream().map(TaskFieldMapping.Entry::source).collect(Collectors.toSet());
    }

    /**
     * The external-id value the log's Task is upserted under, scoped by the
     * tenant: tenants sharing this adapter instance (and so the org) choose
     * their interaction ids independently.
     */
    public String externalId(InteractionLog log) {
        if (granularity == TaskGranularity.PER_LEG) {
            return log.tenantKey();
        }
        // every leg's log is keyed as the interaction's first leg (legId 0) is
        return new InteractionLog(firstLeg(log.interaction), null).tenantKey();
    }

    private static Interaction firstLeg(Interaction interaction) {
        Interaction first = new Interaction();
        first.tenantId = interaction.tenantId;
        first.interactionId = interaction.interactionId;
        return first;
    }

    public String dispositionField() {
        return mapping.dispositionField();
    }

    /** Field name to value; absent values are left out so that a rewrite never blanks a field. */
    public Map<String, Object> fields(Interaction interaction) {
        Map<String, Object> task = new LinkedHashMap<>();
        for (TaskFieldMapping.Entry entry : mapping.entries()) {
            Object value = switch (entry.source()) {
                case TaskFieldMapping.DESCRIPTION -> InteractionDigest.describe(interaction, mappedSources);
                case TaskFieldMapping.STATUS -> status;
                default -> InteractionValues.resolve(entry.source(), interaction);
            };
            if (value instanceof Number || value instanceof Boolean) {
                task.put(entry.field(), value);
            } else {
                String text = InteractionValues.text(value);
                if (text != null) {
                    task.put(entry.field(), FieldText.truncate(text, entry.maxLength()));
                }
            }
        }
        if (isLead(interaction.selectedName)) {
            // Salesforce refuses a WhatId next to a Lead WhoId; the Lead is the stronger link.
            mapping.entries().stream().filter(e -> e.source().equals("whatId")).forEach(e -> task.remove(e.field()));
        }
        return task;
    }

    private static boolean isLead(CrmObject who) {
        return who != null && ("Lead".equalsIgnoreCase(who.label) || who.id != null && who.id.startsWith("00Q"));
    }
}
