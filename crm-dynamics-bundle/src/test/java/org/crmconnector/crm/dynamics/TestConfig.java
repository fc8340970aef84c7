package org.crmconnector.crm.dynamics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.crmconnector.testing.ComponentConfig;

/**
 * A {@link DynamicsConfig} as Declarative Services hands it over, built from
 * configuration property names ({@code .client.secret} is method
 * {@code _client_secret}); annotation defaults for the rest.
 */
final class TestConfig {

    private final Map<String, Object> byMethod = new HashMap<>();

    static TestConfig with(String property, Object value) {
        return new TestConfig().and(property, value);
    }

    TestConfig and(String property, Object value) {
        byMethod.put(property.replace('.', '_'),
                value instanceof List<?> list ? list.stream().map(String::valueOf).toArray(String[]::new) : value);
        return this;
    }

    DynamicsConfig build() {
        return ComponentConfig.of(DynamicsConfig.class, byMethod);
    }
}
