package org.crmconnector.crm.salesforce.task;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.crmconnector.crm.InteractionAddition.Kind;

/**
 * Which Task field each kind of after-call addition goes to, configured as
 * lines {@code kind=Field} (the field is set) or {@code kind=Field+} (the text
 * is appended to what the field holds, e.g. the Description).
 */
public final class AdditionFields {

    private static final Pattern FIELD = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    /** One kind's target. */
    public record Target(String field, boolean append) {
    }

    private final Map<Kind, Target> targets;

    private AdditionFields(Map<Kind, Target> targets) {
        this.targets = Map.copyOf(targets);
    }

    /** The target of a kind, or null when additions of that kind are not taken. */
    public Target of(Kind kind) {
        return kind == null ? null : targets.get(kind);
    }

    /** @throws IllegalArgumentException naming the bad line */
    public static AdditionFields parse(String[] lines) {
        Map<Kind, Target> targets = new EnumMap<>(Kind.class);
        for (String line : lines == null ? new String[0] : lines) {
            if (line == null || line.isBlank()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("'" + line + "' is not 'kind=TaskField' or 'kind=TaskField+'");
            }
            Kind kind;
            try {
                kind = Kind.valueOf(line.substring(0, eq).trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + line + "': the kind is recording, transcript or summary");
            }
            String field = line.substring(eq + 1).trim();
            boolean append = field.endsWith("+");
            if (append) {
                field = field.substring(0, field.length() - 1).trim();
            }
            if (!FIELD.matcher(field).matches()) {
                throw new IllegalArgumentException("'" + field + "' in '" + line + "' is not a Task field API name");
            }
            if (targets.put(kind, new Target(field, append)) != null) {
                throw new IllegalArgumentException("'" + kind.name().toLowerCase(Locale.ROOT) + "' is mapped twice");
            }
        }
        return new AdditionFields(targets);
    }
}
