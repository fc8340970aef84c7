package org.crmconnector.crm.salesforce.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One entry of a Salesforce error body. Top-level errors name the code
 * {@code errorCode}, per-record save results name it {@code statusCode}.
 */
public record ApiError(String code, String message, List<String> fields) {

    /** Codes after which the same request may succeed later. */
    private static final Set<String> TRANSIENT = Set.of(
            "REQUEST_LIMIT_EXCEEDED", "UNABLE_TO_LOCK_ROW", "SERVER_UNAVAILABLE", "UNKNOWN_EXCEPTION");

    public boolean isTransient() {
        return TRANSIENT.contains(code);
    }

    public static ApiError of(JsonNode node) {
        String code = node.hasNonNull("errorCode") ? node.get("errorCode").asText() : node.path("statusCode").asText("UNKNOWN");
        List<String> fields = new ArrayList<>();
        node.path("fields").forEach(f -> fields.add(f.asText()));
        return new ApiError(code, node.path("message").asText(""), fields);
    }

    /** Parses an error array; anything else yields nothing. */
    public static List<ApiError> listOf(JsonNode body) {
        List<ApiError> errors = new ArrayList<>();
        if (body != null && body.isArray()) {
            body.forEach(e -> {
                if (e.isObject()) {
                    errors.add(of(e));
                }
            });
        }
        return errors;
    }

    /** Salesforce's own words, e.g. {@code FIELD_CUSTOM_VALIDATION_EXCEPTION: Subject is required [Subject]}. */
    @Override
    public String toString() {
        return code + ": " + message + (fields.isEmpty() ? "" : " " + fields);
    }
}
