package org.crmconnector.crm.salesforce.task;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.crmconnector.crm.support.settings.SettingLines;

/**
 * Which Task field gets which interaction value, configured as lines
 * {@code TaskField=source}, with optional field lengths as
 * {@code TaskField=source|maxLength} for custom fields Salesforce would
 * otherwise reject as {@code STRING_TOO_LONG}.
 */
public final class TaskFieldMapping {

    /** Lengths of the standard Task fields we write (Object Reference, Task). */
    static final Map<String, Integer> STANDARD_LENGTHS = Map.of(
            "Subject", 255, "CallObject", 255, "CallDisposition", 255, "Description", 32000,
            "Status", 40, "CallType", 40, "Priority", 40, "TaskSubtype", 40);

    private static final Pattern FIELD = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    /** The value name that stands for "notes plus digest". */
    static final String DESCRIPTION = "description";
    /** The value name for the configured status. */
    static final String STATUS = "status";

    public record Entry(String field, String source, Integer maxLength) {
    }

    private final List<Entry> entries;

    private TaskFieldMapping(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public List<Entry> entries() {
        return entries;
    }

    /** The Task field the disposition code goes to; {@code CallDisposition} unless mapped otherwise. */
    public String dispositionField() {
        return entries.stream().filter(e -> e.source.equals("dispositionCode")).map(Entry::field).findFirst()
                .orElse("CallDisposition");
    }

    /** @throws IllegalArgumentException naming the bad line */
    public static TaskFieldMapping parse(String[] lines) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (SettingLines.Line l : SettingLines.parse(lines, "'TaskField=source'")) {
            String line = l.text();
            String field = l.name();
            String source = l.value();
            Integer max = null;
            int bar = source.lastIndexOf('|');
            if (bar > 0 && !(source.startsWith("'") && source.endsWith("'"))) {
                try {
                    max = Integer.valueOf(source.substring(bar + 1).trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + line + "': the length after '|' is not a number");
                }
                if (max <= 0) {
                    throw new IllegalArgumentException("'" + line + "': the length must be positive");
                }
                source = source.substring(0, bar).trim();
            }
            if (!FIELD.matcher(field).matches()) {
                throw new IllegalArgumentException("'" + field + "' is not a Task field API name");
            }
            if (!source.equals(DESCRIPTION) && !source.equals(STATUS) && !InteractionValues.isKnown(source)) {
                throw new IllegalArgumentException("'" + source + "' in '" + line + "' is not a known interaction value");
            }
            entries.put(field, new Entry(field, source, max != null ? max : STANDARD_LENGTHS.get(field)));
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("maps no field");
        }
        return new TaskFieldMapping(new ArrayList<>(entries.values()));
    }
}
