package org.crmconnector.core.web;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
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

    /** Each body type's instance fields, made accessible once rather than looked up on every request. */
    private static final ClassValue<Field[]> FIELDS = new ClassValue<>() {
        @Override
        protected Field[] computeValue(Class<?> type) {
            Field[] fields = Arrays.stream(type.getFields()).filter(f -> !Modifier.isStatic(f.getModifiers()))
                    .toArray(Field[]::new);
            for (Field f : fields) {
                // a resource's body types may be package-private classes of its own package, out of reach from here
                f.trySetAccessible();
            }
            return fields;
        }
    };

    static <T> T check(T body) {
        check(body, "", "", 0);
        return body;
    }

    /** {@code name}: the field the value is in (for a list's element, the list's), which sets its bound. */
    private static void check(Object o, String path, String name, int depth) {
        if (o == null || depth > MAX_DEPTH) {
            return;
        }
        if (o instanceof String s) {
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
                check(e, path + "[" + i++ + "]", name, depth + 1);
            }
            return;
        }
        if (o instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String key = String.valueOf(e.getKey());
                check(e.getKey(), path, name, depth + 1);
                check(e.getValue(), path + "." + key, key, depth + 1);
            }
            return;
        }
        if (o instanceof Number || o instanceof Boolean || o instanceof Enum<?> || o.getClass().getName().startsWith("java.")) {
            return;
        }
        for (Field f : FIELDS.get(o.getClass())) {
            try {
                check(f.get(o), path.isEmpty() ? f.getName() : path + "." + f.getName(), f.getName(), depth + 1);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
