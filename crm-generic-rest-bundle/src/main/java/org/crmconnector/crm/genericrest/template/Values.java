package org.crmconnector.crm.genericrest.template;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The values of one rendering: fixed names and namespaced ones. A missing
 * value renders as an empty string (or JSON {@code null} for numbers and
 * booleans), never as the variable's name.
 */
public final class Values {

    private final Map<String, Object> fixed = new HashMap<>();
    private final Map<String, Map<String, Object>> namespaces = new HashMap<>();

    /** Sets a fixed variable; null removes it. */
    public Values put(String name, Object value) {
        if (value == null) {
            fixed.remove(name);
        } else {
            fixed.put(name, value);
        }
        return this;
    }

    /** Sets one member of a namespace, e.g. {@code ("cav", "accountNo", "42")}. First value wins. */
    public Values putIn(String namespace, String member, Object value) {
        if (member != null && value != null) {
            namespaces.computeIfAbsent(namespace, k -> new LinkedHashMap<>()).putIfAbsent(member, value);
        }
        return this;
    }

    /** The raw value, or null. */
    public Object get(String name) {
        Object value = fixed.get(name);
        if (value != null) {
            return value;
        }
        int dot = name.indexOf('.');
        if (dot > 0) {
            Map<String, Object> ns = namespaces.get(name.substring(0, dot));
            if (ns != null) {
                return ns.get(name.substring(dot + 1));
            }
        }
        return null;
    }

    /** The value as text: instants in ISO-8601 UTC, missing values as "". */
    public String text(String name) {
        return asText(get(name));
    }

    static String asText(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Instant instant) {
            return instant.toString();
        }
        return value.toString();
    }

    /** A copy that later puts do not affect. */
    public Values copy() {
        Values copy = new Values();
        copy.fixed.putAll(fixed);
        namespaces.forEach((k, v) -> copy.namespaces.put(k, new LinkedHashMap<>(v)));
        return copy;
    }
}
