package org.crmconnector.core.status;

import java.util.Map;
import java.util.TreeMap;

/**
 * Hides the values of private properties. Configuration Admin and Declarative
 * Services keep properties whose names start with '.' out of the service
 * registry, and our adapters keep their secrets in them ({@code .client.secret},
 * {@code .auth.token}, ...); a page that prints component properties must hide
 * them as well. The name stays, so an operator still sees that one is set.
 */
final class PrivateProperties {

    static final String HIDDEN = "********";

    private PrivateProperties() {
    }

    static boolean isPrivate(String name) {
        return name.startsWith(".");
    }

    /** The properties sorted by name, each private value replaced by {@link #HIDDEN}. */
    static Map<String, Object> masked(Map<String, Object> properties) {
        Map<String, Object> out = new TreeMap<>();
        if (properties != null) {
            properties.forEach((name, value) -> out.put(name, isPrivate(name) ? HIDDEN : value));
        }
        return out;
    }
}
