package org.crmconnector.crm.support.additions;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.crmconnector.crm.InteractionAddition;
import org.crmconnector.crm.InteractionAddition.Kind;
import org.crmconnector.crm.support.settings.SettingLines;

/**
 * Where in the log's CRM record each kind of after-call addition goes,
 * configured as lines {@code kind=name} (the field or column is set, e.g.
 * {@code recording=Recording_URL__c}) or {@code kind=name+} (the text is
 * appended to what it holds, e.g. {@code summary=Description+}).
 */
public final class AdditionTargets {

    /** One kind's field or column, and whether its text is appended rather than set. */
    public record Target(String name, boolean append) {
    }

    private final Map<Kind, Target> targets;

    private AdditionTargets(Map<Kind, Target> targets) {
        this.targets = Map.copyOf(targets);
    }

    /** The target of a kind, or null when additions of that kind are not taken. */
    public Target of(Kind kind) {
        return kind == null ? null : targets.get(kind);
    }

    /**
     * @param names what a name this CRM takes looks like
     * @param what what such a name is, for messages ({@code "a Task field API name"})
     * @param form the line's form in this CRM's words, for messages ({@code "kind=TaskField"})
     * @throws IllegalArgumentException naming the bad line
     */
    public static AdditionTargets parse(String[] lines, Pattern names, String what, String form) {
        Map<Kind, Target> targets = new EnumMap<>(Kind.class);
        for (SettingLines.Line l : SettingLines.parse(lines, "'" + form + "' or '" + form + "+'")) {
            String line = l.text();
            Kind kind;
            try {
                kind = Kind.valueOf(l.name().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + line + "': the kind is recording, transcript or summary");
            }
            String target = l.value();
            boolean append = target.endsWith("+");
            String name = append ? target.substring(0, target.length() - 1).trim() : target;
            if (!names.matcher(name).matches()) {
                throw new IllegalArgumentException("'" + name + "' in '" + line + "' is not " + what);
            }
            if (targets.put(kind, new Target(name, append)) != null) {
                throw new IllegalArgumentException("'" + kind.name().toLowerCase(Locale.ROOT) + "' is mapped twice");
            }
        }
        return new AdditionTargets(targets);
    }

    /**
     * Why {@code adapter} (e.g. "this Salesforce adapter") cannot write the
     * addition, for its cancelled delivery; null when it can: its kind has a
     * target here and it holds something to write.
     */
    public String refusal(InteractionAddition addition, String adapter) {
        if (of(addition.kind) == null) {
            return adapter + " takes no " + AdditionText.kindOf(addition) + " additions (addition.fields)";
        }
        String content = AdditionText.contentOf(addition);
        if (content == null || content.isBlank()) {
            return "the " + AdditionText.kindOf(addition) + " addition " + addition.key() + " is empty";
        }
        return null;
    }
}
