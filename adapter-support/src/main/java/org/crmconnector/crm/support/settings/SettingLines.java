package org.crmconnector.crm.support.settings;

import java.util.ArrayList;
import java.util.List;

/**
 * The lines of a multi-value setting written {@code name=value} (owner
 * tables, field and column mappings, addition targets): blank lines are
 * skipped, and each line is split at its first {@code =}.
 */
public final class SettingLines {

    private SettingLines() {
    }

    /** One line: as written, and its name and value, each trimmed. */
    public record Line(String text, String name, String value) {
    }

    /**
     * @param form what a line must look like, quoted for the message, e.g. {@code 'TaskField=source'}
     * @throws IllegalArgumentException naming the first line with nothing before its {@code =}, or no {@code =}
     */
    public static List<Line> parse(String[] lines, String form) {
        List<Line> parsed = new ArrayList<>();
        for (String line : lines == null ? new String[0] : lines) {
            if (line == null || line.isBlank()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("'" + line + "' is not " + form);
            }
            parsed.add(new Line(line, line.substring(0, eq).trim(), line.substring(eq + 1).trim()));
        }
        return parsed;
    }
}
