package org.crmconnector.crm.salesforce.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A parsed {@code FIND {...} [IN x FIELDS] RETURNING Obj(fields [WHERE a = b]), ... [LIMIT n]}.
 * Strict like Salesforce: an unescaped reserved character in the search
 * term is a {@code MALFORMED_SEARCH}.
 */
final class SoslStatement {

    static final String RESERVED = "?&|!{}[]()^~*:\\\"'+-";

    /** OR-separated alternatives, each the literal phrase searched for. */
    final List<String> alternatives = new ArrayList<>();
    String scope = "ALL";
    final List<Returning> returning = new ArrayList<>();
    int limit = 2000;

    record Returning(String type, List<String> fields, List<String[]> conditions) {
    }

    static final class MalformedSearch extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedSearch(String message) {
            super(message);
        }
    }

    static SoslStatement parse(String sosl) throws MalformedSearch {
        SoslStatement statement = new SoslStatement();
        String text = sosl.trim();
        if (!text.regionMatches(true, 0, "FIND {", 0, 6)) {
            throw new MalformedSearch("unexpected token: '" + text.split("\\s")[0] + "'");
        }
        int i = 6;
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean wordHasEscape = false;
        boolean closed = false;
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                if (i + 1 >= text.length()) {
                    throw new MalformedSearch("line 1:" + i + " unterminated escape");
                }
                word.append(text.charAt(++i));
                wordHasEscape = true;
            } else if (c == '}') {
                closed = true;
                i++;
                break;
            } else if (RESERVED.indexOf(c) >= 0) {
                throw new MalformedSearch("line 1:" + i + " mismatched character '" + c + "' expecting '}'");
            } else if (Character.isWhitespace(c)) {
                if (!word.isEmpty()) {
                    words.add(wordHasEscape ? "\u0000" + word : word.toString());
                }
                word.setLength(0);
                wordHasEscape = false;
            } else {
                word.append(c);
            }
        }
        if (!closed) {
            throw new MalformedSearch("line 1:" + i + " mismatched input '<EOF>' expecting '}'");
        }
        if (!word.isEmpty()) {
            words.add(wordHasEscape ? "\u0000" + word : word.toString());
        }
        StringBuilder phrase = new StringBuilder();
        for (String w : words) {
            if (w.equals("OR")) {
                statement.addAlternative(phrase);
            } else {
                phrase.append(phrase.isEmpty() ? "" : " ").append(w.replace("\u0000", ""));
            }
        }
        statement.addAlternative(phrase);
        if (statement.alternatives.isEmpty()) {
            throw new MalformedSearch("search term must be at least 2 characters");
        }
        String rest = text.substring(i).trim();
        String upper = rest.toUpperCase(Locale.ROOT);
        if (upper.startsWith("IN ")) {
            int fields = upper.indexOf(" FIELDS");
            statement.scope = upper.substring(3, fields).trim();
            rest = rest.substring(fields + 7).trim();
            upper = rest.toUpperCase(Locale.ROOT);
        }
        int limitAt = upper.lastIndexOf(" LIMIT ");
        if (limitAt >= 0 && rest.indexOf(')', limitAt) < 0) {
            statement.limit = Integer.parseInt(rest.substring(limitAt + 7).trim());
            rest = rest.substring(0, limitAt).trim();
            upper = rest.toUpperCase(Locale.ROOT);
        }
        if (upper.startsWith("RETURNING ")) {
            for (String clause : splitTopLevel(rest.substring(10))) {
                statement.returning.add(returning(clause.trim()));
            }
        }
        return statement;
    }

    private void addAlternative(StringBuilder phrase) {
        if (!phrase.isEmpty()) {
            alternatives.add(phrase.toString());
        }
        phrase.setLength(0);
    }

    private static List<String> splitTopLevel(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }

    private static Returning returning(String clause) throws MalformedSearch {
        int open = clause.indexOf('(');
        if (open < 0) {
            return new Returning(clause, List.of("Id"), List.of());
        }
        if (!clause.endsWith(")")) {
            throw new MalformedSearch("unexpected token: '" + clause + "'");
        }
        String type = clause.substring(0, open).trim();
        String inner = clause.substring(open + 1, clause.length() - 1);
        List<String[]> conditions = new ArrayList<>();
        int where = inner.toUpperCase(Locale.ROOT).indexOf(" WHERE ");
        if (where >= 0) {
            for (String condition : inner.substring(where + 7).split("(?i)\\s+AND\\s+")) {
                String[] sides = condition.split("=", 2);
                if (sides.length != 2) {
                    throw new MalformedSearch("unexpected token: '" + condition + "'");
                }
                conditions.add(new String[] {sides[0].trim(), sides[1].trim().replace("'", "")});
            }
            inner = inner.substring(0, where);
        }
        List<String> fields = new ArrayList<>();
        for (String field : inner.split(",")) {
            fields.add(field.trim());
        }
        return new Returning(type, fields, conditions);
    }
}
