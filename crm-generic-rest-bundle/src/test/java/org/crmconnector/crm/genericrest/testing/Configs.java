package org.crmconnector.crm.genericrest.testing;

import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import org.crmconnector.crm.genericrest.config.GenericRestConfig;

/**
 * Builds a {@link GenericRestConfig} from properties the way Declarative
 * Services does: attribute ids by the DS name mapping ("_" to "."), defaults
 * from the annotation, values converted to the method's type.
 */
public final class Configs {

    private Configs() {
    }

    /** Key-value pairs: {@code of("crm.instance", "demo", "lookup.url", "...")}. */
    public static Map<String, Object> props(Object... keyValues) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    public static GenericRestConfig config(Map<String, ?> properties) {
        return (GenericRestConfig) Proxy.newProxyInstance(GenericRestConfig.class.getClassLoader(),
                new Class<?>[] {GenericRestConfig.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.getName().equals("toString") ? properties.toString()
                                : method.getName().equals("hashCode") ? System.identityHashCode(proxy) : proxy == args[0];
                    }
                    String id = method.getName().replace('_', '.');
                    Object value = properties.containsKey(id) ? properties.get(id) : method.getDefaultValue();
                    return convert(value, method);
                });
    }

    public static GenericRestConfig config(Object... keyValues) {
        return config(props(keyValues));
    }

    private static Object convert(Object value, Method method) {
        Class<?> type = method.getReturnType();
        if (value == null) {
            return type == int.class ? 0 : type == boolean.class ? false : type == String[].class ? new String[0] : null;
        }
        if (type == String[].class) {
            if (value instanceof String[] a) {
                return a;
            }
            if (value instanceof Collection<?> c) {
                return c.stream().map(String::valueOf).toArray(String[]::new);
            }
            if (value.getClass().isArray()) {
                String[] out = new String[Array.getLength(value)];
                for (int i = 0; i < out.length; i++) {
                    out[i] = String.valueOf(Array.get(value, i));
                }
                return out;
            }
            return new String[] {String.valueOf(value)};
        }
        if (value.getClass().isArray()) {
            value = Array.getLength(value) == 0 ? null : Array.get(value, 0);
            if (value == null) {
                return convert(null, method);
            }
        }
        if (type == int.class) {
            return value instanceof Number n ? n.intValue() : Integer.parseInt(value.toString().trim());
        }
        if (type == boolean.class) {
            return value instanceof Boolean b ? b : Boolean.parseBoolean(value.toString().trim());
        }
        return String.valueOf(value);
    }
}
