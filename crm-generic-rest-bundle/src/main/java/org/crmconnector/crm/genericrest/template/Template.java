package org.crmconnector.crm.genericrest.template;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A text with {@code {variable}} references. {@code {{} writes a literal
 * {@code {}; a {@code {} not followed by a letter is literal as well, so
 * JSON-looking text needs no escaping. A variable name is a letter followed
 * by letters, digits and {@code _}; namespaced names ({@code cav.NAME}) may
 * contain any character but braces and control characters after the dot.
 * A name may end in a case filter for CRMs with fixed picklist spellings:
 * {@code {direction|upper}} gives {@code INBOUND}, {@code |capitalize}
 * {@code Inbound}, {@code |lower} {@code inbound}.
 * <p>
 * The template never decides the encoding itself: the place it is used does
 * ({@link #render(Values, Encoding)}), which is what keeps caller data from
 * changing a request's structure.
 */
public final class Template {

    private static final Template EMPTY = new Template("", List.of(), Set.of());

    private final String source;
    /** Literal parts are Strings, variables are {@link Ref}s. */
    private final List<Object> parts;
    private final Set<String> variables;

    /** A variable reference; {@code filter} is null or one of {@link #FILTERS}. */
    private record Ref(String name, String filter) {
    }

    private static final Set<String> FILTERS = Set.of("upper", "lower", "capitalize");

    private Template(String source, List<Object> parts, Set<String> variables) {
        this.source = source;
        this.parts = parts;
        this.variables = variables;
    }

    /**
     * Parses and checks every variable against the catalog.
     *
     * @throws IllegalArgumentException for a syntax error or an unknown variable
     */
    public static Template parse(String source, VariableCatalog catalog) {
        if (source == null || source.isEmpty()) {
            return EMPTY;
        }
        List<Object> parts = new ArrayList<>();
        Set<String> variables = new LinkedHashSet<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (c == '{' && i + 1 < source.length() && source.charAt(i + 1) == '{') {
                literal.append('{');
                i += 2;
            } else if (c == '{' && i + 1 < source.length() && isLetter(source.charAt(i + 1))) {
                int end = source.indexOf('}', i);
                if (end < 0) {
                    throw new IllegalArgumentException("unclosed '{' at position " + (i + 1) + " of \"" + source + "\"");
                }
                String name = source.substring(i + 1, end);
                String filter = null;
                int bar = name.lastIndexOf('|');
                if (bar >= 0) {
                    filter = name.substring(bar + 1);
                    name = name.substring(0, bar);
                    if (!FILTERS.contains(filter)) {
                        throw new IllegalArgumentException("unknown filter |" + filter + " in \"" + source
                                + "\"; known: |upper, |lower, |capitalize");
                    }
                }
                checkName(name, source);
                catalog.typeOf(name);
                if (literal.length() > 0) {
                    parts.add(literal.toString());
                    literal.setLength(0);
                }
                parts.add(new Ref(name, filter));
                variables.add(name);
                i = end + 1;
            } else {
                literal.append(c);
                i++;
            }
        }
        if (literal.length() > 0) {
            parts.add(literal.toString());
        }
        return new Template(source, List.copyOf(parts), Collections.unmodifiableSet(variables));
    }

    private static boolean isLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static void checkName(String name, String source) {
        int dot = name.indexOf('.');
        String head = dot < 0 ? name : name.substring(0, dot);
        for (int k = 0; k < head.length(); k++) {
            char c = head.charAt(k);
            if (!(isLetter(c) || c >= '0' && c <= '9' || c == '_')) {
                throw new IllegalArgumentException("bad variable name {" + name + "} in \"" + source + "\"");
            }
        }
        if (dot >= 0) {
            String member = name.substring(dot + 1);
            if (member.isEmpty() || member.chars().anyMatch(ch -> ch == '{' || ch == '|' || Character.isISOControl(ch))) {
                throw new IllegalArgumentException("bad variable name {" + name + "} in \"" + source + "\"");
            }
        }
    }

    /** Writes the template with every value encoded for where it goes; literal text is kept as written. */
    public String render(Values values, Encoding encoding) {
        StringBuilder out = new StringBuilder(source.length() + 32);
        for (Object part : parts) {
            if (part instanceof Ref ref) {
                out.append(encoding.encode(filter(values.text(ref.name()), ref.filter())));
            } else {
                out.append((String) part);
            }
        }
        return out.toString();
    }

    private static String filter(String value, String filter) {
        if (filter == null || value.isEmpty()) {
            return value;
        }
        return switch (filter) {
            case "upper" -> value.toUpperCase(Locale.ROOT);
            case "lower" -> value.toLowerCase(Locale.ROOT);
            default -> value.substring(0, 1).toUpperCase(Locale.ROOT) + value.substring(1).toLowerCase(Locale.ROOT);
        };
    }

    /** The literal text before the first variable (all of it when there is none). */
    public String leadingLiteral() {
        if (parts.isEmpty() || parts.get(0) instanceof Ref) {
            return "";
        }
        return (String) parts.get(0);
    }

    /** The variable's name when the whole template is exactly one unfiltered variable, else null. */
    public String soleVariable() {
        return parts.size() == 1 && parts.get(0) instanceof Ref ref && ref.filter() == null ? ref.name() : null;
    }

    public boolean isEmpty() {
        return parts.isEmpty();
    }

    public Set<String> variables() {
        return variables;
    }

    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return source;
    }
}
