package org.crmconnector.core.admin;

import java.lang.reflect.Array;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.crmconnector.core.refusal.Refusal;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * A factory configuration's attributes as its metatype describes them, the
 * description the Web Console builds its form from: turns what a client sent
 * into the typed properties Configuration Admin stores, refusing what the form
 * could not hold (an unknown attribute, a wrong type, a value outside the
 * options, a missing required value), naming the attribute.
 * <p>
 * Clients name attributes by their ids without the leading dot that keeps
 * private ones out of the service registry ({@code api.key}, not
 * {@code .api.key}). Secrets (password attributes and private ones) are
 * write-only: never read back, only said to be set or not.
 */
final class ConfigSchema {

    static final int MAX_TEXT = 32_000;
    static final int MAX_ENTRIES = 1000;

    final String factoryPid;
    /** By client name (the id without a leading dot). */
    private final Map<String, AttributeDefinition> attributes = new LinkedHashMap<>();
    private final List<AttributeDefinition> required;

    ConfigSchema(String factoryPid, ObjectClassDefinition ocd) {
        this.factoryPid = factoryPid;
        for (AttributeDefinition ad : orEmpty(ocd.getAttributeDefinitions(ObjectClassDefinition.ALL))) {
            attributes.put(clientName(ad.getID()), ad);
        }
        this.required = List.of(orEmpty(ocd.getAttributeDefinitions(ObjectClassDefinition.REQUIRED)));
    }

    static String clientName(String id) {
        return id.startsWith(".") ? id.substring(1) : id;
    }

    Optional<AttributeDefinition> attribute(String clientName) {
        return Optional.ofNullable(attributes.get(clientName));
    }

    static boolean isSecret(AttributeDefinition ad) {
        return ad.getType() == AttributeDefinition.PASSWORD || ad.getID().startsWith(".");
    }

    /** Whether a stored property is a secret: a password attribute, or private by its leading dot. */
    boolean isSecret(String propertyId) {
        AttributeDefinition ad = attributes.get(clientName(propertyId));
        return propertyId.startsWith(".") || ad != null && isSecret(ad);
    }

    List<AttributeDefinition> all() {
        return List.copyOf(attributes.values());
    }

    /**
     * @param sent attributes by client name, as JSON gave them (String, Number, Boolean, List, null)
     * @return the properties by attribute id, typed; a null value stands for "remove"
     */
    Map<String, Object> typed(Map<String, Object> sent, String where) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : sent.entrySet()) {
            AttributeDefinition ad = attributes.get(e.getKey());
            if (ad == null) {
                throw invalid(where + e.getKey(), "is not an attribute of " + factoryPid + "; known: "
                        + String.join(", ", attributes.keySet()));
            }
            out.put(ad.getID(), e.getValue() == null ? null : value(ad, e.getValue(), where + e.getKey()));
        }
        return out;
    }

    /** Refuses a configuration that leaves out an attribute the metatype requires and gives no default for. */
    void requireAll(Map<String, Object> properties, String where) {
        for (AttributeDefinition ad : required) {
            String[] defaults = ad.getDefaultValue();
            if (properties.get(ad.getID()) == null && (defaults == null || defaults.length == 0)) {
                throw new Refusal(Refusal.Kind.INVALID, "MISSING_ATTRIBUTE",
                        where + clientName(ad.getID()) + " is required (" + ad.getName() + ")");
            }
        }
    }

    private static Object value(AttributeDefinition ad, Object sent, String name) {
        if (ad.getCardinality() == 0) {
            return scalar(ad, sent, name);
        }
        if (!(sent instanceof List<?> list)) {
            throw invalid(name, "must be an array of " + typeName(ad.getType()));
        }
        int max = Math.abs(ad.getCardinality());
        if (list.size() > Math.min(max, MAX_ENTRIES)) {
            throw invalid(name, "has more than " + Math.min(max, MAX_ENTRIES) + " entries");
        }
        Object array = Array.newInstance(javaType(ad.getType()), list.size());
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == null) {
                throw invalid(name + "[" + i + "]", "must not be null");
            }
            Array.set(array, i, scalar(ad, list.get(i), name + "[" + i + "]"));
        }
        return array;
    }

    private static Object scalar(AttributeDefinition ad, Object sent, String name) {
        Object value = switch (ad.getType()) {
            case AttributeDefinition.STRING, AttributeDefinition.PASSWORD -> text(sent, name);
            case AttributeDefinition.BOOLEAN -> sent instanceof Boolean b ? b : mismatch(ad, name);
            case AttributeDefinition.INTEGER -> integral(sent, name, Integer.MIN_VALUE, Integer.MAX_VALUE, ad).intValue();
            case AttributeDefinition.LONG -> integral(sent, name, Long.MIN_VALUE, Long.MAX_VALUE, ad);
            case AttributeDefinition.SHORT -> integral(sent, name, Short.MIN_VALUE, Short.MAX_VALUE, ad).shortValue();
            case AttributeDefinition.BYTE -> integral(sent, name, Byte.MIN_VALUE, Byte.MAX_VALUE, ad).byteValue();
            case AttributeDefinition.DOUBLE -> sent instanceof Number n ? n.doubleValue() : mismatch(ad, name);
            case AttributeDefinition.FLOAT -> sent instanceof Number n ? n.floatValue() : mismatch(ad, name);
            case AttributeDefinition.CHARACTER -> sent instanceof String s && s.length() == 1 ? s.charAt(0)
                    : mismatch(ad, name);
            default -> text(sent, name);
        };
        String[] options = ad.getOptionValues();
        if (options != null && options.length > 0 && !Arrays.asList(options).contains(String.valueOf(value))) {
            throw invalid(name, "must be one of " + String.join(", ", options));
        }
        return value;
    }

    private static String text(Object sent, String name) {
        if (!(sent instanceof String s)) {
            throw invalid(name, "must be a string");
        }
        if (s.length() > MAX_TEXT) {
            throw invalid(name, "is longer than " + MAX_TEXT + " characters");
        }
        return s;
    }

    private static Long integral(Object sent, String name, long min, long max, AttributeDefinition ad) {
        if (!(sent instanceof Integer || sent instanceof Long || sent instanceof Short || sent instanceof Byte)) {
            return mismatch(ad, name);
        }
        long v = ((Number) sent).longValue();
        if (v < min || v > max) {
            throw invalid(name, "must be between " + min + " and " + max);
        }
        return v;
    }

    private static <T> T mismatch(AttributeDefinition ad, String name) {
        throw invalid(name, "must be " + typeName(ad.getType()));
    }

    /** The JSON type a metatype type takes: boolean, integer, number or string. */
    static String jsonType(int type) {
        return switch (type) {
            case AttributeDefinition.BOOLEAN -> "boolean";
            case AttributeDefinition.INTEGER, AttributeDefinition.LONG, AttributeDefinition.SHORT,
                    AttributeDefinition.BYTE -> "integer";
            case AttributeDefinition.DOUBLE, AttributeDefinition.FLOAT -> "number";
            default -> "string";
        };
    }

    private static String typeName(int type) {
        String json = jsonType(type);
        return type == AttributeDefinition.CHARACTER ? "a single character" : (json.equals("integer") ? "an " : "a ") + json;
    }

    private static Class<?> javaType(int type) {
        return switch (type) {
            case AttributeDefinition.BOOLEAN -> Boolean.class;
            case AttributeDefinition.INTEGER -> Integer.class;
            case AttributeDefinition.LONG -> Long.class;
            case AttributeDefinition.SHORT -> Short.class;
            case AttributeDefinition.BYTE -> Byte.class;
            case AttributeDefinition.DOUBLE -> Double.class;
            case AttributeDefinition.FLOAT -> Float.class;
            case AttributeDefinition.CHARACTER -> Character.class;
            default -> String.class;
        };
    }

    static Refusal invalid(String attribute, String problem) {
        return new Refusal(Refusal.Kind.INVALID, "INVALID_ATTRIBUTE", attribute + " " + problem);
    }

    private static AttributeDefinition[] orEmpty(AttributeDefinition[] ads) {
        return ads == null ? new AttributeDefinition[0] : ads;
    }
}
