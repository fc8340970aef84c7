package org.crmconnector.crm.salesforce.task;

import java.util.Map;
import java.util.Set;

import org.crmconnector.interaction.Interaction;

/**
 * The Task description: the agent's notes, then one line per remaining
 * interaction value ("Label: value"), so nothing seed 001 carries is lost
 * even when it has no Task field of its own.
 */
final class InteractionDigest {

    private InteractionDigest() {
    }

    /** @param mappedSources values that have their own Task field and are left out */
    static String describe(Interaction interaction, Set<String> mappedSources) {
        StringBuilder text = new StringBuilder();
        if (interaction.comments != null && !interaction.comments.isBlank()) {
            text.append(interaction.comments.strip()).append("\n\n");
        }
        StringBuilder digest = new StringBuilder();
        for (Map.Entry<String, InteractionValues.Source> e : InteractionValues.SOURCES.entrySet()) {
            if (e.getValue().label() == null || mappedSources.contains(e.getKey())) {
                continue;
            }
            String value = InteractionValues.text(e.getValue().value().apply(interaction));
            if (value != null) {
                digest.append(e.getValue().label()).append(": ").append(value).append('\n');
            }
        }
        if (!digest.isEmpty()) {
            text.append("--- Interaction details ---\n").append(digest);
        }
        return text.toString().strip();
    }
}
