package org.crmconnector.crm.dynamics.webapi;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The error object of a Web API answer, {@code {"error":{"code":"0x80040265","message":"..."}}}
 * (Microsoft Learn, "Compose HTTP requests and handle errors").
 */
public record ODataError(String code, String message) {

    /** The error in the body, or null when it holds none. */
    public static ODataError of(JsonNode body) {
        JsonNode error = body == null ? null : body.path("error");
        if (error == null || !error.isObject()) {
            return null;
        }
        return new ODataError(error.path("code").asText(""), error.path("message").asText(""));
    }

    @Override
    public String toString() {
        return code.isEmpty() ? message : code + " " + message;
    }
}
