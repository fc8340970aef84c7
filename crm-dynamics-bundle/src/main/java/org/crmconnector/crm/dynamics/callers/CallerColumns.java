package org.crmconnector.crm.dynamics.callers;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.crmconnector.crm.support.settings.SettingLines;
import org.crmconnector.interaction.Interaction;

/**
 * The columns of a record made for an unknown caller, configured as lines
 * {@code column=template}; a template is text with the interaction's
 * variables in braces, {@code {ani}} (the number looked up) first, e.g.
 * {@code telephone1={ani}} or {@code description=Called {dnis}}. A variable
 * outside the list is refused when the configuration is saved, so a typo
 * never reaches a call.
 */
public final class CallerColumns {

    private static final Pattern COLUMN = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Pattern VARIABLE = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_.-]*)}");
    private static final String ATTRIBUTE = "attribute.";

    private static final String ANI = "ani";

    /** The variables besides {@code ani}, by the names the generic REST adapter gives them too. */
    private static final Map<String, Function<Interaction, String>> VARIABLES = new LinkedHashMap<>();

    static {
        VARIABLES.put("callerNumber", i -> i.callerNumber);
        VARIABLES.put("callerName", i -> i.callerName);
        VARIABLES.put("dnis", Interaction::dnisForLookup);
        VARIABLES.put("tenantId", i -> i.tenantId);
        VARIABLES.put("interactionId", i -> i.interactionId);
        VARIABLES.put("agentId", i -> i.agentId);
        VARIABLES.put("topicName", i -> i.topicName);
        VARIABLES.put("skillName", i -> i.skillName);
        VARIABLES.put("language", i -> i.language);
    }

    private final Map<String, String> templates;

    private CallerColumns(Map<String, String> templates) {
        this.templates = Map.copyOf(templates);
    }

    /** The columns set by this configuration. */
    public Set<String> columns() {
        return templates.keySet();
    }

    /**
     * Each column's text for this caller; a column whose text comes out blank
     * is left out rather than set empty.
     *
     * @param ani         the number looked up
     * @param interaction the call, or null when the lookup came without one
     */
    public Map<String, String> values(String ani, Interaction interaction) {
        Map<String, String> values = new LinkedHashMap<>();
        templates.forEach((column, template) -> {
            Matcher m = VARIABLE.matcher(template);
            StringBuilder text = new StringBuilder();
            while (m.find()) {
                String value = value(m.group(1), ani, interaction);
                m.appendReplacement(text, Matcher.quoteReplacement(value == null ? "" : value));
            }
            m.appendTail(text);
            if (!text.toString().isBlank()) {
                values.put(column, text.toString().strip());
            }
        });
        return values;
    }

    private static String value(String variable, String ani, Interaction interaction) {
        if (variable.equals(ANI)) {
            return ani;
        }
        if (interaction == null) {
            return null;
        }
        if (variable.startsWith(ATTRIBUTE)) {
            return interaction.attributes == null ? null : interaction.attributes.get(variable.substring(ATTRIBUTE.length()));
        }
        return VARIABLES.get(variable).apply(interaction);
    }

    /** @throws IllegalArgumentException naming the bad line */
    public static CallerColumns parse(String[] lines) {
        Map<String, String> templates = new LinkedHashMap<>();
        for (SettingLines.Line l : SettingLines.parse(lines, "'column=template'")) {
            String line = l.text();
            String column = l.name();
            if (!COLUMN.matcher(column).matches()) {
                throw new IllegalArgumentException("'" + column + "' in '" + line
                        + "' is not a column's logical name (lower case)");
            }
            String template = l.value();
            Matcher m = VARIABLE.matcher(template);
            while (m.find()) {
                String name = m.group(1);
                boolean attribute = name.startsWith(ATTRIBUTE) && name.length() > ATTRIBUTE.length();
                if (!name.equals(ANI) && !VARIABLES.containsKey(name) && !attribute) {
                    throw new IllegalArgumentException("unknown variable {" + name + "} in '" + line + "'; known: "
                            + String.join(", ", VARIABLES.keySet()) + ", attribute.NAME");
                }
            }
            if (templates.put(column, template) != null) {
                throw new IllegalArgumentException("'" + column + "' is set twice");
            }
        }
        if (templates.isEmpty()) {
            throw new IllegalArgumentException("sets no column");
        }
        return new CallerColumns(templates);
    }
}
