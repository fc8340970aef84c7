package org.crmconnector.core.outbox;

import org.crmconnector.core.json.JsonMappers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The JSON form of stored items and payloads: instants as ISO-8601 strings,
 * as the API writes them. Unknown properties are ignored so that data stored
 * by an older or newer version still reads.
 */
final class OutboxJson {

    private static final ObjectMapper MAPPER = JsonMappers.withIsoInstants()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private OutboxJson() {
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot write " + value.getClass().getSimpleName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    static <T> T read(String json, Class<T> type) {
        try {
            T value = MAPPER.readValue(json, type);
            if (value == null) {
                throw new IllegalArgumentException("Cannot read " + type.getSimpleName() + " from JSON null");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot read " + type.getSimpleName() + " from JSON: "
                    + e.getOriginalMessage(), e);
        }
    }
}
