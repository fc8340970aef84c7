package org.crmconnector.crm.dynamics.webapi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One Web API operation, alone or as a part of a {@code $batch}.
 *
 * @param method  GET, PATCH, ...
 * @param path    below {@code /api/data/vX.Y/}, encoded, e.g. {@code phonecalls(new_key='a%3A1')}
 * @param headers extra headers, e.g. {@code If-Match: *}
 * @param body    the JSON body, or null
 */
public record WebApiRequest(String method, String path, Map<String, String> headers, String body) {

    public static WebApiRequest get(String path) {
        return new WebApiRequest("GET", path, Map.of(), null);
    }

    public static WebApiRequest patch(String path, String json, Map<String, String> headers) {
        return new WebApiRequest("PATCH", path, headers, json);
    }

    /** A PATCH of {@code row} (a map or a JSON node) written as JSON. */
    public static WebApiRequest patch(String path, Object row, ObjectMapper json, Map<String, String> headers) {
        return patch(path, jsonOf(row, json), headers);
    }

    /** {@code row} as a request body. */
    public static String jsonOf(Object row, ObjectMapper json) {
        try {
            return json.writeValueAsString(row);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
