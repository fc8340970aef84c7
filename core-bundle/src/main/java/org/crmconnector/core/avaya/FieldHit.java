package org.crmconnector.core.avaya;

import com.fasterxml.jackson.databind.JsonNode;

/** A table field found in the body: where, for messages, and its value (never null). */
record FieldHit(FieldLocation location, JsonNode value) {
}
