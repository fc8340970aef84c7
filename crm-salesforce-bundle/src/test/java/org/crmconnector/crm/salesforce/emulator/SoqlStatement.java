package org.crmconnector.crm.salesforce.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SOQL the emulator answers: {@code SELECT f, ... FROM Type [WHERE a = 'x'
 * [AND b = true ...]] [LIMIT n]}. String literals follow SOQL's escapes
 * ({@code \'} and {@code \\}); anything else is {@code MALFORMED_QUERY}, as in
 * the SOQL and SOSL Reference (quoted string escape sequences).
 */
final class SoqlStatement {

    private static final Pattern SHAPE = Pattern.compile(
            "(?is)\\s*SELECT\\s+(.+?)\\s+FROM\\s+([A-Za-z][A-Za-z0-9_]*)(?:\\s+WHERE\\s+(.+?))?(?:\\s+LIMIT\\s+(\\d+))?\\s*");
    private static final Pattern CONDITION = Pattern.compile(
            "(?s)\\s*([A-Za-z][A-Za-z0-9_]*)\\s*=\\s*('(?:[^'\\\\]|\\\\.)*'|true|false|null)\\s*");

    final List<String> fields = new ArrayList<>();
    final String type;
    /** field, value (null for null; "true"/"false" for booleans) */
    final List<String[]> conditions = new ArrayList<>();
    final int limit;

    static final class MalformedQuery extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedQuery(String message) {
            super(message);
        }
    }

    private SoqlStatement(String type, int limit) {
        this.type = type;
        this.limit = limit;
    }

    static SoqlStatement parse(String q) throws MalformedQuery {
        Matcher m = SHAPE.matcher(q);
        if (!m.matches()) {
            throw new MalformedQuery("unexpected token: '" + q + "'");
        }
        SoqlStatement s = new SoqlStatement(m.group(2), m.group(4) == null ? Integer.MAX_VALUE : Integer.parseInt(m.group(4)));
        for (String f : m.group(1).split(",")) {
            if (f.isBlank()) {
                throw new MalformedQuery("unexpected token: ','");
            }
            s.fields.add(f.trim());
        }
        if (m.group(3) != null) {
            for (String part : m.group(3).split("(?i)\\s+AND\\s+(?=(?:[^']*'[^']*')*[^']*$)")) {
                Matcher c = CONDITION.matcher(part);
                if (!c.matches()) {
                    throw new MalformedQuery("unexpected token: '" + part.trim() + "'");
                }
                String literal = c.group(2);
                String value = literal.startsWith("'") ? unescape(literal.substring(1, literal.length() - 1))
                        : literal.toLowerCase(Locale.ROOT).equals("null") ? null : literal.toLowerCase(Locale.ROOT);
                s.conditions.add(new String[] {c.group(1), value});
            }
        }
        return s;
    }

    private static String unescape(String text) throws MalformedQuery {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '\\') {
                if (i + 1 == text.length()) {
                    throw new MalformedQuery("invalid escape at the end of '" + text + "'");
                }
                char next = text.charAt(++i);
                switch (next) {
                    case '\'', '\\', '"' -> out.append(next);
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    default -> throw new MalformedQuery("Invalid string literal '" + text + "'. Illegal character sequence '\\"
                            + next + "' in string literal.");
                }
            } else if (ch == '\'') {
                throw new MalformedQuery("unescaped quote in '" + text + "'");
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }
}
