package org.crmconnector.core.avaya;

import static org.crmconnector.core.avaya.MemberNames.member;
import static org.crmconnector.core.avaya.MemberNames.normalise;
import static org.crmconnector.core.avaya.ValueDescriptions.kind;
import static org.crmconnector.core.avaya.ValueDescriptions.show;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Converts a single JSON value to what its field holds: text, a flag, a number,
 * a choice. A value that does not fit is a {@link ValueMismatch} naming the
 * field; a string over the length limit is a {@link LimitExceeded}. Values are
 * never null here: an absent field is never coerced.
 */
final class ValueCoercions {

    private static final BigDecimal MAX_INT = BigDecimal.valueOf(Integer.MAX_VALUE);
    /** Anything longer cannot be an ISO-8601 duration; refusing early keeps the parser off huge input. */
    private static final int MAX_DURATION_LENGTH = 64;
    // Bounded digit counts: whatever matches parses without overflow.
    private static final Pattern DECIMAL = Pattern.compile("[+-]?\\d{1,15}(\\.\\d{1,9})?");
    private static final Pattern CLOCK = Pattern.compile("(?:(\\d{1,3}):)?(\\d{1,2}):(\\d{1,2})");

    private final MappingRun run;
    private final int maxStringLength;
    private final int maxArrayLength;

    ValueCoercions(MappingRun run, int maxStringLength, int maxArrayLength) {
        this.run = run;
        this.maxStringLength = maxStringLength;
        this.maxArrayLength = maxArrayLength;
    }

    MappingRun run() {
        return run;
    }

    String bounded(FieldLocation l, String s) {
        if (s.length() > maxStringLength) {
            throw run.limit(l, "is longer than " + maxStringLength + " characters");
        }
        return s;
    }

    /** Applies to arrays and to objects used as maps alike. */
    void count(FieldLocation l, int size) {
        if (size > maxArrayLength) {
            throw run.limit(l, "has " + size + " entries; at most " + maxArrayLength + " are allowed");
        }
    }

    /** A string; a number as written, since ids and phone numbers arrive as either. */
    String text(FieldLocation l, JsonNode v) {
        if (v.isTextual()) {
            return bounded(l, v.textValue());
        }
        if (v.isNumber()) {
            return v.asText();
        }
        throw run.mismatch(l, "must be a string, not " + kind(v));
    }

    /** Strings, numbers and booleans as text: what attached data and CAVs carry. Null stays null. */
    String scalar(FieldLocation l, JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isBoolean()) {
            return v.asText();
        }
        return text(l, v);
    }

    /** A boolean, or the string {@code true} or {@code false} in any case. */
    Boolean bool(FieldLocation l, JsonNode v) {
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isTextual() && ("true".equalsIgnoreCase(v.textValue().trim())
                || "false".equalsIgnoreCase(v.textValue().trim()))) {
            return Boolean.valueOf(v.textValue().trim());
        }
        throw run.mismatch(l, "must be true or false, not " + show(v));
    }

    Integer integer(FieldLocation l, JsonNode v) {
        BigDecimal n = number(v);
        if (n == null || n.abs().compareTo(MAX_INT) > 0 || n.stripTrailingZeros().scale() > 0) {
            throw run.mismatch(l, "must be an integer, not " + show(v));
        }
        return n.intValueExact();
    }

    /** Whole seconds, rounded half up, from a number, {@code 00:01:30}, {@code 1:30} or {@code PT1M30S}. */
    Long seconds(FieldLocation l, JsonNode v) {
        BigDecimal n = number(v);
        if (n == null && v.isTextual()) {
            n = clockOrIsoSeconds(v.textValue().trim());
        }
        if (n == null || n.signum() < 0 || n.compareTo(MAX_INT) > 0) {
            throw run.mismatch(l, "must be a number of seconds, not " + show(v));
        }
        return n.setScale(0, RoundingMode.HALF_UP).longValue();
    }

    /** A JSON number or a numeric string; null when it is neither. */
    private static BigDecimal number(JsonNode v) {
        if (v.isNumber()) {
            if (v.isFloatingPointNumber() && !v.isBigDecimal() && !Double.isFinite(v.doubleValue())) {
                return null;
            }
            return v.decimalValue();
        }
        if (v.isTextual() && DECIMAL.matcher(v.textValue().trim()).matches()) {
            return new BigDecimal(v.textValue().trim());
        }
        return null;
    }

    private static BigDecimal clockOrIsoSeconds(String s) {
        var m = CLOCK.matcher(s);
        if (m.matches()) {
            long h = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
            return BigDecimal.valueOf(h * 3600 + Long.parseLong(m.group(2)) * 60 + Long.parseLong(m.group(3)));
        }
        if (s.length() <= MAX_DURATION_LENGTH && (s.startsWith("P") || s.startsWith("p"))) {
            try {
                return BigDecimal.valueOf(Duration.parse(s).getSeconds());
            } catch (DateTimeException e) {
                return null;
            }
        }
        return null;
    }

    /**
     * One of a fixed set of words, by normalised name.
     *
     * @param values the accepted words, normalised, and what each stands for
     * @param allowed the words as the error message lists them
     */
    <E> E choice(FieldLocation l, JsonNode v, Map<String, E> values, String allowed) {
        E e = v.isTextual() ? values.get(normalise(v.textValue().trim())) : null;
        if (e == null) {
            throw run.mismatch(l, "must be one of " + allowed + "; not " + show(v));
        }
        return e;
    }

    /** A disposition or work code: the code itself, or an object carrying one. */
    String code(FieldLocation l, JsonNode v) {
        if (v.isObject()) {
            JsonNode c = member(v, "code", "name", "id");
            if (c == null) {
                throw run.mismatch(l, "has no code, name or id");
            }
            return text(l.child(".code"), c);
        }
        return text(l, v);
    }
}
