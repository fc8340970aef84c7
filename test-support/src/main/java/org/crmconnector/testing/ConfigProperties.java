package org.crmconnector.testing;

import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A configuration annotation as Declarative Services hands it to a component,
 * built from configuration property names as an operator writes them
 * ({@code .client.secret}, {@code search.limit}); annotation defaults for the
 * rest. Values are converted to the method's type as DS would: {@code "5"}
 * to an int, a list or a single text to a {@code String[]}.
 */
public final class ConfigProperties<A> {

    private final Class<A> type;
    private final Map<String, Object> properties = new HashMap<>();

    private ConfigProperties(Class<A> type) {
        this.type = type;
    }

    public static <A> ConfigProperties<A> with(Class<A> type, String property, Object value) {
        return new ConfigProperties<>(type).and(property, value);
    }

    public ConfigProperties<A> and(String property, Object value) {
        properties.put(property, value);
        return this;
    }

    public A build() {
        Map<String, Object> byMethod = new HashMap<>();
        for (Method method : type.getDeclaredMethods()) {
            String property = propertyName(method.getName());
            if (properties.containsKey(property)) {
                byMethod.put(method.getName(), convert(properties.get(property), method.getReturnType()));
            }
        }
        return ComponentConfig.of(type, byMethod);
    }

    /** DS 1.4 name mapping: {@code __} is {@code _}, a single {@code _} is {@code .}. */
    public static String propertyName(String method) {
        return method.replace("__", "\u0000").replace('_', '.').replace('\u0000', '_');
    }

    private static Object convert(Object value, Class<?> type) {
        if (value == null) {
            return null;
        }
        if (type == int.class) {
            return Integer.valueOf(value.toString());
        }
        if (type == long.class) {
            return Long.valueOf(value.toString());
        }
        if (type == boolean.class) {
            return Boolean.valueOf(value.toString());
        }
        if (type == String[].class) {
            return value instanceof List<?> list ? list.stream().map(String::valueOf).toArray(String[]::new)
                    : value instanceof String[] ? value : new String[] {value.toString()};
        }
        return value.toString();
    }
}
