package org.crmconnector.core.web;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * Bounds on the text of request bodies: ids, numbers and names are short, only
 * free text (notes, subjects, email drafts) may be long. Every string the API
 * takes is checked here, so no field can carry a megabyte into an agent's
 * stream or the outbox.
 */
final class FieldLimits {

    static final int MAX_SHORT = 1024;
    static final int MAX_TEXT = 32_000;
    private static final Set<String> TEXT_FIELDS = Set.of("notes", "subject", "comments", "value", "body", "text",
            "emailDraftBody");
    private static final int MAX_DEPTH = 4;

    private FieldLimits() {
    }

    static <T> T check(T body) {
        check(body, "", 0);
        return body;
    }

    private static void check(Object o, String path, int depth) {
        if (o == null || depth > MAX_DEPTH) {
            return;
        }
        if (o instanceof String s) {
            String name = path.substring(path.lastIndexOf('.') + 1).replaceAll("\\[\\d+]$", "");
            int max = TEXT_FIELDS.contains(name) ? MAX_TEXT : MAX_SHORT;
            if (s.length() > max) {
                throw ApiException.badRequest("INVALID_FIELD", (path.isEmpty() ? "a value" : path) + " is longer than "
                        + max + " characters");
            }
            return;
        }
        if (o instanceof Collection<?> c) {
            if (c.size() > 1000) {
                throw ApiException.badRequest("INVALID_FIELD", path + " has more than 1000 entries");
            }
            int i = 0;
            for (Object e : c) {
                check(e, path + "[" + i++ + "]", depth + 1);
            }
            return;
        }
        if (o instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                check(e.getKey(), path, depth + 1);
                check(e.getValue(), path + "." + e.getKey(), depth + 1);
            }
            return;
        }
        if (o instanceof Number || o instanceof Boolean || o instanceof Enum<?> || o.getClass().getName().startsWith("java.")) {
            return;
        }
        for (Field f : o.getClass().getFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            // a resource's body types may be package-private classes of its own package, out of reach from here
            f.trySetAccessible();
            try {
                check(f.get(o), path.isEmpty() ? f.getName() : path + "." + f.getName(), depth + 1);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
