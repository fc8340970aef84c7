package org.crmconnector.core.avaya;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/**
 * One mapping of one payload: names the problems it finds and decides what
 * becomes of a value that does not fit its field. A strict run refuses it; a
 * best-effort run leaves the field out and notes why. Only a
 * {@link ValueMismatch} is left out: a size limit guards the server, and any
 * other failure is a bug that must not pass for bad input.
 */
final class MappingRun {

    private final String action;
    private final String prefix;
    private final boolean strict;
    private final List<String> skipped = new ArrayList<>();

    /**
     * @param action the message's action, which every error message starts with
     * @param prefix the path of the mapped object in the message, for error messages; empty or ending in a dot
     * @param strict whether a value that does not fit fails the mapping
     */
    MappingRun(String action, String prefix, boolean strict) {
        this.action = action;
        this.prefix = prefix;
        this.strict = strict;
    }

    ValueMismatch mismatch(FieldLocation l, String problem) {
        return new ValueMismatch(message(l, problem));
    }

    LimitExceeded limit(FieldLocation l, String problem) {
        return new LimitExceeded(message(l, problem));
    }

    private String message(FieldLocation l, String problem) {
        String name = l.name().isEmpty() ? prefix.replaceAll("\\.$", "") : prefix + l.name();
        String at = l.at() == null || l.at().equals(l.name()) ? "" : " (at " + prefix + l.at() + ")";
        return action + ": " + (name.isEmpty() ? "data" : name) + at + " " + problem;
    }

    /** Runs one field's mapping; a best-effort run leaves out a field whose value does not fit. */
    void apply(Runnable mapping) {
        attempt(() -> {
            mapping.run();
            return null;
        });
    }

    /** Reads one value; null when a best-effort run leaves it out. */
    <T> T attempt(Supplier<T> mapping) {
        try {
            return mapping.get();
        } catch (ValueMismatch e) {
            if (strict) {
                throw e;
            }
            skipped.add(e.getMessage());
            return null;
        }
    }

    /** Why each value a best-effort run left out was left out, in order. */
    List<String> skipped() {
        return Collections.unmodifiableList(skipped);
    }
}
