package org.crmconnector.crm.dynamics;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link DynamicsConfig} as Declarative Services hands it over: the given
 * properties, annotation defaults for the rest, names mapped the DS way
 * ({@code _client_secret} is {@code .client.secret}).
 */
final class TestConfig {

    private final Map<String, Object> properties = new HashMap<>();

    static TestConfig with(String name, Object value) {
        return new TestConfig().and(name, value);
    }

    TestConfig and(String name, Object value) {
        properties.put(name, value);
        return this;
    }

    DynamicsConfig build() {
        return (DynamicsConfig) Proxy.newProxyInstance(DynamicsConfig.class.getClassLoader(),
                new Class<?>[] {DynamicsConfig.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.getName().equals("toString") ? "DynamicsConfig" + properties.keySet()
                                : method.getName().equals("hashCode") ? System.identityHashCode(proxy) : proxy == args[0];
                    }
                    return value(method);
                });
    }

    private Object value(Method method) {
        String name = method.getName().replace("__", "\u0000").replace('_', '.').replace('\u0000', '_');
        if (!properties.containsKey(name)) {
            return method.getDefaultValue();
        }
        Object value = properties.get(name);
        Class<?> type = method.getReturnType();
        if (type == int.class) {
            return Integer.valueOf(value.toString());
        }
        if (type == boolean.class) {
            return Boolean.valueOf(value.toString());
        }
        if (type == String[].class) {
            return value instanceof List<?> list ? list.stream().map(String::valueOf).toArray(String[]::new)
                    : value instanceof String[] ? value : new String[] {value.toString()};
        }
        return value == null ? null : value.toString();
    }
}
