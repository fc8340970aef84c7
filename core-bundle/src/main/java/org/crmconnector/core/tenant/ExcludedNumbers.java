package org.crmconnector.core.tenant;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.crmconnector.interaction.Interaction;

/**
 * A tenant's numbers kept out of the CRM (internal extensions, test lines):
 * an interaction whose caller or dialled number matches is never looked up
 * and never logged. Numbers are compared as their digits alone, so
 * {@code +44 20 7946-0000} and {@code 442079460000} are one number.
 * <p>
 * A pattern is a glob on digits, {@code *} for any digits and {@code ?} for
 * one (e.g. {@code 4???} for four-digit extensions starting with 4,
 * {@code 1555*}), whose other non-digits are ignored like the number's; or,
 * prefixed with {@code re:}, a Java regular expression that must match the
 * whole digit string (e.g. {@code re:(2|3)\d{3}}).
 */
public final class ExcludedNumbers {

    private static final ExcludedNumbers NONE = new ExcludedNumbers(List.of(), List.of());

    private final List<Pattern> patterns;
    private final List<String> sources;

    private ExcludedNumbers(List<Pattern> patterns, List<String> sources) {
        this.patterns = patterns;
        this.sources = sources;
    }

    /**
     * @throws IllegalArgumentException naming the pattern that is not valid
     */
    public static ExcludedNumbers parse(String[] configured) {
        if (configured == null) {
            return NONE;
        }
        List<Pattern> patterns = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        for (String raw : configured) {
            String p = raw == null ? "" : raw.trim();
            if (p.isEmpty()) {
                continue; // the console's form sends one empty entry for an empty list
            }
            patterns.add(compile(p));
            sources.add(p);
        }
        return patterns.isEmpty() ? NONE : new ExcludedNumbers(List.copyOf(patterns), List.copyOf(sources));
    }

    private static Pattern compile(String p) {
        if (p.startsWith("re:")) {
            try {
                return Pattern.compile(p.substring(3));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("excluded.numbers: '" + p + "' is not a valid regular expression: "
                        + e.getDescription());
            }
        }
        StringBuilder regex = new StringBuilder();
        for (char c : p.toCharArray()) {
            if (c == '*') {
                regex.append("\\d*");
            } else if (c == '?') {
                regex.append("\\d");
            } else if (c >= '0' && c <= '9') {
                regex.append(c);
            } else if (Character.isLetter(c)) {
                throw new IllegalArgumentException("excluded.numbers: '" + p + "' may hold only digits, * and ? "
                        + "(other separators are ignored), or start with re: for a regular expression");
            }
        }
        if (regex.isEmpty()) {
            throw new IllegalArgumentException("excluded.numbers: '" + p + "' names no digits");
        }
        return Pattern.compile(regex.toString());
    }

    /** The number's digits alone; null when it has none. */
    static String digits(String number) {
        if (number == null) {
            return null;
        }
        StringBuilder d = new StringBuilder(number.length());
        for (char c : number.toCharArray()) {
            if (c >= '0' && c <= '9') {
                d.append(c);
            }
        }
        return d.isEmpty() ? null : d.toString();
    }

    /** Whether {@code number} matches one of the patterns. */
    public boolean matches(String number) {
        String d = digits(number);
        if (d == null) {
            return false;
        }
        for (Pattern p : patterns) {
            if (p.matcher(d).matches()) {
                return true;
            }
        }
        return false;
    }

    /** Whether the interaction's caller or dialled number is excluded. */
    public boolean excludes(Interaction interaction) {
        return !patterns.isEmpty() && interaction != null
                && (matches(interaction.ani()) || matches(interaction.dnisForLookup()));
    }

    public boolean isEmpty() {
        return patterns.isEmpty();
    }

    @Override
    public String toString() {
        return String.join(", ", sources);
    }
}
