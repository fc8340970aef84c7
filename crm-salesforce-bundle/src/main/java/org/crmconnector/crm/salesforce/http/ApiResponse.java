package org.crmconnector.crm.salesforce.http;

import com.fasterxml.jackson.databind.JsonNode;

/** A successful REST answer; {@code body} is a missing node for 204. */
public record ApiResponse(int status, JsonNode body) {
}
