package org.crmconnector.crm.dynamics.phonecall;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.crmconnector.crm.InteractionAddition.Kind;

/**
 * Which phone call column each kind of after-call addition goes to,
 * configured as lines {@code kind=column} (the column is set, e.g.
 * {@code recording=new_recordingurl}) or {@code kind=column+} (the text is
 * appended to what the column holds, e.g. {@code summary=description+}).
 */
public final class AdditionColumns {

    private static final Pattern COLUMN = Pattern.compile("[a-z][a-z0-9_]*");

    /** One kind's column, and whether its text is appended rather than set. */
    public record Target(String column, boolean append) {
    }

    private final Map<Kind, Target> targets;

    private AdditionColumns(Map<Kind, Target> targets) {
        this.targets = Map.copyOf(targets);
    }

    /** The column of a kind, or null when additions of that kind are not taken. */
    public Target of(Kind kind) {
        return kind == null ? null : targets.get(kind);
    }

    /** @throws IllegalArgumentException naming the bad line */
    public static AdditionColumns parse(String[] lines) {
        Map<Kind, Target> targets = new EnumMap<>(Kind.class);
        for (String line : lines == null ? new String[0] : lines) {
            if (line == null || line.isBlank()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("'" + line + "' is not 'kind=column' or 'kind=column+'");
            }
            Kind kind;
            try {
                kind = Kind.valueOf(line.substring(0, eq).trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + line + "': the kind is recording, transcript or summary");
            }
            String column = line.substring(eq + 1).trim();
            boolean append = column.endsWith("+");
            String name = append ? column.substring(0, column.length() - 1).trim() : column;
            if (!COLUMN.matcher(name).matches()) {
                throw new IllegalArgumentException("'" + name + "' in '" + line
                        + "' is not a phone call column's logical name (lower case)");
            }
            if (targets.put(kind, new Target(name, append)) != null) {
                throw new IllegalArgumentException("'" + kind.name().toLowerCase(Locale.ROOT) + "' is mapped twice");
            }
        }
        return new AdditionColumns(targets);
    }
}
