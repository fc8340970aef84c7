package org.crmconnector.store.postgresql.config;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Configuration properties as JSON that keeps their Config Admin types
 * ({@code {"max.live":{"type":"Long","value":500}}}, {@code "String[]"},
 * {@code "long[]"}, {@code "List<String>"}): a Long must come back a Long on
 * the other node, or its component sees a String. Keys are sorted, so equal
 * properties encode to equal text, which is how a node recognises a change it
 * has already seen. What identifies a configuration on one node only (its
 * PID, its bundle location, FileInstall's file name) is left out.
 */
final class ConfigurationCodec {

    /** Properties of one node's copy only: never replicated, kept locally when a replicated change is applied. */
    static final List<String> LOCAL_KEYS = List.of("service.pid", "service.factoryPid", "service.bundleLocation",
            "felix.fileinstall.filename");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Class<?>> TYPES = Map.of("String", String.class, "Integer", Integer.class,
            "Long", Long.class, "Float", Float.class, "Double", Double.class, "Byte", Byte.class, "Short", Short.class,
            "Character", Character.class, "Boolean", Boolean.class);
    private static final Map<String, Class<?>> PRIMITIVES = Map.of("int", int.class, "long", long.class, "float",
            float.class, "double", double.class, "byte", byte.class, "short", short.class, "char", char.class,
            "boolean", boolean.class);

    private ConfigurationCodec() {
    }

    static boolean isLocal(String key) {
        // Felix Config Admin's internal properties start with a colon
        return LOCAL_KEYS.contains(key) || key.startsWith(":");
    }

    /** @throws IllegalArgumentException for a value of a type Config Admin does not allow */
    static String encode(Dictionary<String, ?> properties) {
        Map<String, Object> sorted = new TreeMap<>();
        for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            if (!isLocal(key)) {
                sorted.put(key, properties.get(key));
            }
        }
        ObjectNode root = JSON.createObjectNode();
        sorted.forEach((key, value) -> root.set(key, typed(key, value)));
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode typed(String key, Object value) {
        ObjectNode node = JSON.createObjectNode();
        if (value instanceof Collection<?> values) {
            Object first = values.isEmpty() ? "" : values.iterator().next();
            node.put("type", "List<" + typeName(key, first.getClass()) + ">");
            ArrayNode items = node.putArray("value");
            values.forEach(v -> items.add(JSON.valueToTree(plain(key, v))));
        } else if (value.getClass().isArray()) {
            Class<?> component = value.getClass().getComponentType();
            node.put("type", (component.isPrimitive() ? component.getName() : typeName(key, component)) + "[]");
            ArrayNode items = node.putArray("value");
            for (int i = 0; i < Array.getLength(value); i++) {
                items.add(JSON.valueToTree(plain(key, Array.get(value, i))));
            }
        } else {
            node.put("type", typeName(key, value.getClass()));
            node.set("value", JSON.valueToTree(plain(key, value)));
        }
        return node;
    }

    private static String typeName(String key, Class<?> type) {
        String name = type.getSimpleName();
        if (!TYPES.containsKey(name) || TYPES.get(name) != type) {
            throw new IllegalArgumentException("Property " + key + " has a type Config Admin does not allow: " + type);
        }
        return name;
    }

    private static Object plain(String key, Object value) {
        typeName(key, value.getClass());
        return value instanceof Character c ? String.valueOf(c) : value;
    }

    /** @throws IllegalArgumentException when the text is not what {@link #encode} writes */
    static Dictionary<String, Object> decode(String json) {
        Dictionary<String, Object> properties = new Hashtable<>();
        try {
            JSON.readTree(json).fields().forEachRemaining(e -> properties.put(e.getKey(), value(e.getValue())));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not replicated configuration properties: " + e.getOriginalMessage(), e);
        }
        return properties;
    }

    private static Object value(JsonNode node) {
        String type = node.path("type").asText();
        JsonNode value = node.path("value");
        if (type.startsWith("List<") && type.endsWith(">")) {
            Function<JsonNode, Object> element = converter(type.substring(5, type.length() - 1));
            List<Object> list = new ArrayList<>();
            value.forEach(v -> list.add(element.apply(v)));
            return list;
        }
        if (type.endsWith("[]")) {
            String componentName = type.substring(0, type.length() - 2);
            Class<?> component = PRIMITIVES.containsKey(componentName) ? PRIMITIVES.get(componentName) : type(componentName);
            Function<JsonNode, Object> element = converter(PRIMITIVES.containsKey(componentName)
                    ? wrapperOf(componentName) : componentName);
            Object array = Array.newInstance(component, value.size());
            for (int i = 0; i < value.size(); i++) {
                Array.set(array, i, element.apply(value.get(i)));
            }
            return array;
        }
        return converter(type).apply(value);
    }

    private static String wrapperOf(String primitive) {
        return switch (primitive) {
            case "int" -> "Integer";
            case "char" -> "Character";
            default -> Character.toUpperCase(primitive.charAt(0)) + primitive.substring(1);
        };
    }

    private static Class<?> type(String name) {
        Class<?> type = TYPES.get(name);
        if (type == null) {
            throw new IllegalArgumentException("Unknown property type " + name);
        }
        return type;
    }

    private static Function<JsonNode, Object> converter(String name) {
        type(name);
        return switch (name) {
            case "String" -> JsonNode::asText;
            case "Integer" -> JsonNode::intValue;
            case "Long" -> JsonNode::longValue;
            case "Float" -> JsonNode::floatValue;
            case "Double" -> JsonNode::doubleValue;
            case "Byte" -> n -> (byte) n.intValue();
            case "Short" -> n -> (short) n.intValue();
            case "Character" -> n -> n.asText().charAt(0);
            default -> JsonNode::booleanValue;
        };
    }
}
