package org.crmconnector.crm.salesforce;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link SalesforceConfig} as Declarative Services would hand it over:
 * the given properties, annotation defaults for the rest, names mapped the
 * DS way ({@code _client_secret} is {@code .client.secret}).
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

    SalesforceConfig build() {
        return (SalesforceConfig) Proxy.newProxyInstance(SalesforceConfig.class.getClassLoader(),
                new Class<?>[] {SalesforceConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("toString")) {
                        return "SalesforceConfig" + properties.keySet();
                    }
                    if (method.getDeclaringClass() == Object.class) {
                        return method.getName().equals("hashCode") ? System.identityHashCode(proxy) : proxy == args[0];
                    }
                    return value(method);
                });
    }

    private Object value(Method method) {
        String name = propertyName(method.getName());
        if (!properties.containsKey(name)) {
            return method.getDefaultValue();
        }
        Object value = properties.get(name);
        Class<?> type = method.getReturnType();
        if (type == int.class) {
            return Integer.valueOf(value.toString());
        }
        if (type == String[].class) {
            return value instanceof List<?> list ? list.stream().map(String::valueOf).toArray(String[]::new)
                    : value instanceof String[] ? value : new String[] {value.toString()};
        }
        return value == null ? null : value.toString();
    }

    /** DS 1.4 name mapping: {@code __} is {@code _}, a single {@code _} is {@code .}. */
    static String propertyName(String method) {
        return method.replace("__", "\u0000").replace('_', '.').replace('\u0000', '_');
    }
}
