package org.crmconnector.crm.dynamics.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The part of OData's {@code $filter} the emulator understands, as Microsoft
 * Learn's "Filter rows using OData" describes it: {@code eq}, {@code ne},
 * {@code and}, {@code or}, {@code not}, parentheses, and the string
 * functions {@code contains}, {@code startswith}, {@code endswith};
 * literals are {@code 'text'} (quotes doubled), numbers, {@code true},
 * {@code false} and {@code null}. Anything else is a syntax error, which the
 * emulator answers as Dataverse does, with a 400.
 */
final class ODataFilter {

    /** A $filter Dataverse would refuse. */
    static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message);
        }
    }

    private final List<String> tokens;
    private int at;

    private ODataFilter(String text) {
        this.tokens = tokenize(text);
    }

    static Predicate<JsonNode> parse(String text) {
        ODataFilter parser = new ODataFilter(text);
        Predicate<JsonNode> p = parser.or();
        if (parser.at != parser.tokens.size()) {
            throw new Malformed("Syntax error at position " + parser.at + " in '" + text + "'.");
        }
        return p;
    }

    private Predicate<JsonNode> or() {
        Predicate<JsonNode> left = and();
        while (peek("or")) {
            at++;
            left = left.or(and());
        }
        return left;
    }

    private Predicate<JsonNode> and() {
        Predicate<JsonNode> left = unary();
        while (peek("and")) {
            at++;
            left = left.and(unary());
        }
        return left;
    }

    private Predicate<JsonNode> unary() {
        if (peek("not")) {
            at++;
            return unary().negate();
        }
        if (peek("(")) {
            at++;
            Predicate<JsonNode> inner = or();
            expect(")");
            return inner;
        }
        String name = next();
        if (peek("(")) {
            at++;
            String column = next();
            expect(",");
            Object value = literal(next());
            expect(")");
            if (!(value instanceof String text)) {
                throw new Malformed("The function '" + name + "' needs a string literal.");
            }
            return switch (name.toLowerCase(Locale.ROOT)) {
                case "contains" -> row -> row.path(column).asText("").toLowerCase(Locale.ROOT).contains(text.toLowerCase(Locale.ROOT));
                case "startswith" -> row -> row.path(column).asText("").toLowerCase(Locale.ROOT).startsWith(text.toLowerCase(Locale.ROOT));
                case "endswith" -> row -> row.path(column).asText("").toLowerCase(Locale.ROOT).endsWith(text.toLowerCase(Locale.ROOT));
                default -> throw new Malformed("An unknown function with name '" + name + "' was found.");
            };
        }
        String op = next();
        Object value = literal(next());
        Predicate<JsonNode> equal = row -> equal(row.get(name), value);
        return switch (op) {
            case "eq" -> equal;
            case "ne" -> equal.negate();
            default -> throw new Malformed("The operator '" + op + "' is not supported here.");
        };
    }

    private static boolean equal(JsonNode actual, Object expected) {
        if (expected == null) {
            return actual == null || actual.isNull();
        }
        if (actual == null || actual.isNull()) {
            return false;
        }
        if (expected instanceof Long n) {
            return actual.isNumber() && actual.asLong() == n;
        }
        if (expected instanceof Boolean b) {
            return actual.isBoolean() && actual.asBoolean() == b;
        }
        return actual.asText().equalsIgnoreCase((String) expected);
    }

    private static Object literal(String token) {
        if (token.startsWith("'")) {
            return token.substring(1, token.length() - 1).replace("''", "'");
        }
        return switch (token) {
            case "null" -> null;
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> {
                try {
                    yield Long.parseLong(token);
                } catch (NumberFormatException e) {
                    throw new Malformed("'" + token + "' is not a literal.");
                }
            }
        };
    }

    private boolean peek(String token) {
        return at < tokens.size() && tokens.get(at).equalsIgnoreCase(token);
    }

    private String next() {
        if (at >= tokens.size()) {
            throw new Malformed("Unexpected end of the $filter expression.");
        }
        return tokens.get(at++);
    }

    private void expect(String token) {
        if (!peek(token)) {
            throw new Malformed("'" + token + "' expected at position " + at + ".");
        }
        at++;
    }

    private static List<String> tokenize(String text) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')' || c == ',') {
                tokens.add(String.valueOf(c));
                i++;
            } else if (c == '\'') {
                int j = i + 1;
                while (true) {
                    if (j >= text.length()) {
                        throw new Malformed("Unterminated string literal in '" + text + "'.");
                    }
                    if (text.charAt(j) == '\'') {
                        if (j + 1 < text.length() && text.charAt(j + 1) == '\'') {
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    j++;
                }
                tokens.add(text.substring(i, j + 1));
                i = j + 1;
            } else {
                int j = i;
                while (j < text.length() && !Character.isWhitespace(text.charAt(j)) && "(),'".indexOf(text.charAt(j)) < 0) {
                    j++;
                }
                tokens.add(text.substring(i, j));
                i = j;
            }
        }
        return tokens;
    }
}
