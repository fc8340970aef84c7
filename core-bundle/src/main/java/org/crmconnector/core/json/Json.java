package org.crmconnector.core.json;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.crmconnector.core.refusal.Refusal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;

/**
 * The JSON rules of the API: unknown fields are errors (a typo must not be
 * silently dropped), a value must have the JSON type of its field (no scalar
 * is coerced into another: {@code true} or {@code 42} is not a string id, and
 * {@code "42"} is not a number), input size and nesting are bounded, instants
 * are ISO-8601 UTC strings, and every parse failure becomes an
 * {@link Refusal.Kind#INVALID} refusal naming the problem.
 */
public final class Json {

    /** Deeper JSON than this is refused: no contract of ours nests more than a few levels. */
    public static final int MAX_NESTING = 32;
    public static final int MAX_STRING = 1_000_000;

    private final ObjectMapper mapper;
    /** A reader per body type: it has the type's deserializer at hand instead of looking it up per body. */
    private final Map<Class<?>, ObjectReader> readers = new ConcurrentHashMap<>();

    public Json() {
        JsonMapper m = JsonMappers.withIsoInstants()
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                // strict scalars: a client that sends an id as a number or a flag as a string
                // has a bug we should show it, not a value we should guess
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .withCoercionConfig(LogicalType.Textual, strings -> strings
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .build();
        m.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING).maxStringLength(MAX_STRING).build());
        this.mapper = m;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /** A body as a {@code type}; null, malformed or mistyped JSON is refused naming the problem. */
    public <T> T read(byte[] body, Class<T> type) {
        try {
            T value = readers.computeIfAbsent(type, mapper::readerFor).<T>readValue(body);
            if (value == null) {
                throw Refusal.invalid("INVALID_JSON", "the body must be a JSON object, not null");
            }
            return value;
        } catch (IOException e) {
            throw toRefusal(e);
        }
    }

    /** A body as a tree, for messages whose shape depends on their content. */
    public JsonNode readTree(byte[] body) {
        try {
            JsonNode node = mapper.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw Refusal.invalid("INVALID_JSON", "the body is empty");
            }
            return node;
        } catch (IOException e) {
            throw toRefusal(e);
        }
    }

    public byte[] write(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getName(), e);
        }
    }

    /** Turns Jackson's failure into a message a client can act on, without echoing the input back. */
    static Refusal toRefusal(IOException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return Refusal.invalid("UNKNOWN_FIELD", "unknown field '" + u.getPropertyName() + "'");
        }
        if (e instanceof MismatchedInputException m && m.getOriginalMessage().startsWith("No content to map")) {
            return Refusal.invalid("INVALID_JSON", "the body is empty");
        }
        if (e instanceof MismatchedInputException m && m.getOriginalMessage().startsWith("Trailing token")) {
            return Refusal.invalid("INVALID_JSON", "there is more after the JSON value");
        }
        if (e instanceof MismatchedInputException m) {
            String path = m.getPath().isEmpty() ? "" : " at '" + pathOf(m) + "'";
            String expected = m.getTargetType() == null ? "another type" : simpleName(m.getTargetType());
            return Refusal.invalid("WRONG_TYPE", "wrong type" + path + ": expected " + expected);
        }
        if (e instanceof StreamConstraintsException s) {
            return Refusal.invalid("TOO_LARGE", "JSON too deep or a string too long: " + s.getOriginalMessage());
        }
        if (e instanceof JsonProcessingException j) {
            return Refusal.invalid("INVALID_JSON", "malformed JSON: " + j.getOriginalMessage());
        }
        return Refusal.invalid("INVALID_BODY", "the body could not be read: " + e.getMessage());
    }

    private static String pathOf(MismatchedInputException m) {
        StringBuilder sb = new StringBuilder();
        for (var ref : m.getPath()) {
            if (ref.getFieldName() != null) {
                sb.append(sb.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String simpleName(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }
}
