package org.crmconnector.testing;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/**
 * A component property type (a DS configuration annotation) as DS would
 * build it: each method answers its override, else its default.
 */
public final class ComponentConfig {

    private ComponentConfig() {
    }

    /**
     * @param overrides method name, value, method name, value, ... (e.g. {@code "tenant_id", "acme"})
     */
    public static <A> A of(Class<A> type, Object... overrides) {
        if (overrides.length % 2 != 0) {
            throw new IllegalArgumentException("overrides come in name, value pairs");
        }
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < overrides.length; i += 2) {
            values.put((String) overrides[i], overrides[i + 1]);
        }
        return of(type, values);
    }

    /** As {@link #of(Class, Object...)}, the overrides by method name in a map. */
    public static <A> A of(Class<A> type, Map<String, ?> overrides) {
        Map<String, Object> values = new HashMap<>(overrides);
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            switch (method.getName()) {
                case "annotationType":
                    return type;
                case "toString":
                    return type.getSimpleName() + values;
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                default:
                    return values.containsKey(method.getName()) ? values.get(method.getName()) : method.getDefaultValue();
            }
        }));
    }
}
