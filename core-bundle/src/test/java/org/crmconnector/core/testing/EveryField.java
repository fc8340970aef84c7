package org.crmconnector.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reflection over the plain public-field classes of the API (Interaction and
 * its value types): fills every field with a value a fresh instance does not
 * hold, and compares two objects field by field. A test of a hand-written
 * copy or conversion built on it fails when a field is added to the API and
 * forgotten there, without anyone having to remember the test.
 */
public final class EveryField {

    private static final Instant SOME_INSTANT = Instant.parse("2026-03-04T05:06:07.089Z");

    private int counter;

    private EveryField() {
    }

    /** A new {@code type} with every field, and every field of its nested value types, set. */
    public static <T> T filled(Class<T> type) {
        return type.cast(new EveryField().instance(type, type.getSimpleName()));
    }

    /** The instance fields of {@code type}: what a copy or a stored form must carry. */
    public static List<Field> fields(Class<?> type) {
        List<Field> fields = new ArrayList<>();
        for (Field f : type.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers()) && !f.isSynthetic()) {
                f.setAccessible(true);
                fields.add(f);
            }
        }
        return fields;
    }

    /** Our value types are walked field by field; everything else is compared with equals. */
    public static boolean isValueType(Class<?> type) {
        return type.getName().startsWith("org.crmconnector.") && !type.isEnum() && !type.isInterface();
    }

    /** Same values in every field, nested value types, lists and maps included. */
    public static void assertSameValues(Object expected, Object actual) {
        compare(name(expected), expected, actual, false);
    }

    /**
     * Same values as {@link #assertSameValues}, and no list, map or value
     * object shared: changing the copy can never change the original.
     */
    public static void assertDeepCopy(Object original, Object copy) {
        compare(name(original), original, copy, true);
    }

    public static Object get(Field f, Object o) {
        try {
            return f.get(o);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String name(Object o) {
        return o == null ? "null" : o.getClass().getSimpleName();
    }

    private static void compare(String path, Object expected, Object actual, boolean distinct) {
        if (expected == null || actual == null) {
            assertEquals(expected, actual, path);
            return;
        }
        if (expected instanceof List<?> e) {
            List<?> a = assertType(path, List.class, actual);
            if (distinct) {
                assertNotSame(e, a, path + " is shared, not copied");
            }
            assertEquals(e.size(), a.size(), path + " size");
            for (int i = 0; i < e.size(); i++) {
                compare(path + "[" + i + "]", e.get(i), a.get(i), distinct);
            }
        } else if (expected instanceof Map<?, ?> e) {
            Map<?, ?> a = assertType(path, Map.class, actual);
            if (distinct) {
                assertNotSame(e, a, path + " is shared, not copied");
            }
            assertEquals(new ArrayList<>(e.keySet()), new ArrayList<>(a.keySet()), path + " keys");
            for (Map.Entry<?, ?> entry : e.entrySet()) {
                compare(path + "." + entry.getKey(), entry.getValue(), a.get(entry.getKey()), distinct);
            }
        } else if (isValueType(expected.getClass())) {
            assertEquals(expected.getClass(), actual.getClass(), path + " type");
            if (distinct) {
                assertNotSame(expected, actual, path + " is shared, not copied");
            }
            for (Field f : fields(expected.getClass())) {
                compare(path + "." + f.getName(), get(f, expected), get(f, actual), distinct);
            }
        } else {
            assertEquals(expected, actual, path);
        }
    }

    private static <T> T assertType(String path, Class<T> type, Object actual) {
        if (!type.isInstance(actual)) {
            fail(path + " is a " + actual.getClass().getName() + ", not a " + type.getSimpleName());
        }
        return type.cast(actual);
    }

    private Object instance(Class<?> type, String path) {
        Object o;
        try {
            o = type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(path + ": " + type.getName() + " needs a no-argument constructor", e);
        }
        for (Field f : fields(type)) {
            Object fresh = get(f, o);
            Object value = sample(f.getGenericType(), fresh, path + "." + f.getName());
            try {
                f.set(o, value);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        return o;
    }

    /** A value of {@code type} that differs from {@code fresh}, distinct from the other samples where the type allows. */
    private Object sample(Type type, Object fresh, String path) {
        Class<?> raw = raw(type);
        int n = ++counter;
        if (raw == String.class) {
            return path;
        } else if (raw == int.class || raw == Integer.class) {
            return (fresh instanceof Integer i ? i : 0) + 100 + n;
        } else if (raw == long.class || raw == Long.class) {
            return (fresh instanceof Long l ? l : 0L) + 1000 + n;
        } else if (raw == boolean.class || raw == Boolean.class) {
            return !(fresh instanceof Boolean b && b);
        } else if (raw == Instant.class) {
            return SOME_INSTANT.plusSeconds(n);
        } else if (raw.isEnum()) {
            for (Object constant : raw.getEnumConstants()) {
                if (constant != fresh) {
                    return constant;
                }
            }
        } else if (raw == List.class) {
            List<Object> list = new ArrayList<>();
            list.add(sample(argument(type, 0), null, path + "[0]"));
            return list;
        } else if (raw == Map.class && argument(type, 0) == String.class) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put(path + "-key", sample(argument(type, 1), null, path + ".value"));
            return map;
        } else if (raw == Object.class) {
            return path;
        } else if (isValueType(raw)) {
            return instance(raw, path);
        }
        throw new IllegalStateException("EveryField has no sample for " + type.getTypeName() + " (" + path
                + "): teach it the new type");
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        throw new IllegalStateException("EveryField has no sample for " + type.getTypeName());
    }

    private static Type argument(Type type, int index) {
        if (type instanceof ParameterizedType p) {
            return p.getActualTypeArguments()[index];
        }
        throw new IllegalStateException("a raw " + type.getTypeName() + " has no element type to sample");
    }
}
