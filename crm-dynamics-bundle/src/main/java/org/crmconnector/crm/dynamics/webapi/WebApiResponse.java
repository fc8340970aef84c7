package org.crmconnector.crm.dynamics.webapi;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A successful answer: its status, the {@code OData-EntityId} header of a
 * write, and the JSON body (a missing node for 204 No Content).
 */
public record WebApiResponse(int status, String entityId, JsonNode body) {

    private static final Pattern ID_IN_URI = Pattern.compile("\\(([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\\)$");

    /**
     * The record id a write names in {@code OData-EntityId}
     * ({@code https://org.crm.dynamics.com/api/data/v9.2/phonecalls(<guid>)}),
     * or in the body when the write asked for a representation.
     */
    public Optional<String> recordId(String primaryIdAttribute) {
        if (entityId != null) {
            Matcher m = ID_IN_URI.matcher(URI.create(entityId.trim()).getPath());
            if (m.find()) {
                return Optional.of(m.group(1).toLowerCase(java.util.Locale.ROOT));
            }
        }
        JsonNode id = body == null ? null : body.get(primaryIdAttribute);
        return id == null || !id.isTextual() ? Optional.empty() : Optional.of(id.asText());
    }
}
