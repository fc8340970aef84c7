package org.crmconnector.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.crmconnector.core.lifecycle.LifecycleException;
import org.crmconnector.softphone.SoftphoneEventType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The OpenAPI document served at /api/v1/openapi.json is valid JSON and documents every route the servlets handle. */
class OpenApiDocumentTest {

    private static final String T = "/api/v1/tenants/{tenantId}";
    private static final String I = T + "/interactions/{interactionId}";

    /** Every route ApiServlet (with the operator API's), HealthServlet, ReadinessServlet and MetricsServlet answer, with its method. Keep in step with the code. */
    static final List<String> ROUTES = List.of(
            "GET /api/v1/openapi.json",
            "GET /health",
            "GET /health/live",
            "GET /health/ready",
            "GET /metrics",
            "GET " + T + "/softphone/callbacks",
            "POST " + T + "/crm-connect/messages",
            "GET " + T + "/interactions",
            "POST " + T + "/interactions/click2dial",
            "POST " + T + "/click2dial",
            "GET " + I,
            "GET " + I + "/cavs",
            "PUT " + I + "/cavs",
            "GET " + I + "/dispositions",
            "POST " + I + "/disposition",
            "POST " + I + "/visited",
            "GET " + I + "/name-objects",
            "GET " + I + "/related-to-objects",
            "GET " + I + "/name-object",
            "PUT " + I + "/name-object",
            "GET " + I + "/related-to-object",
            "PUT " + I + "/related-to-object",
            "GET " + I + "/search-results",
            "POST " + I + "/additions",
            "GET " + T + "/agents/{agentId}/events",
            "POST " + T + "/agents/{agentId}/presence",
            "POST " + T + "/agents/{agentId}/stream-tokens",
            "POST " + T + "/interaction-events/{event}",
            "GET " + T + "/delivery",
            "GET " + T + "/dead-letters",
            "POST " + T + "/dead-letters/retry-all",
            "DELETE " + T + "/dead-letters/{id}",
            "POST " + T + "/dead-letters/{id}/retry",
            "GET " + T + "/unlogged",
            "GET /api/v1/admin/tenants",
            "POST /api/v1/admin/tenants",
            "GET /api/v1/admin/tenants/{id}",
            "PUT /api/v1/admin/tenants/{id}",
            "DELETE /api/v1/admin/tenants/{id}",
            "GET /api/v1/admin/adapters",
            "POST /api/v1/admin/adapters",
            "GET /api/v1/admin/adapters/{id}",
            "PUT /api/v1/admin/adapters/{id}",
            "DELETE /api/v1/admin/adapters/{id}",
            "POST /api/v1/admin/bulk",
            "GET /api/v1/admin/adapter-types",
            "GET /api/v1/admin/summary");

    private static JsonNode doc;

    @BeforeAll
    static void parse() throws Exception {
        try (InputStream in = OpenApiDocumentTest.class.getResourceAsStream("/openapi.json")) {
            assertNotNull(in, "openapi.json is on the bundle's class path");
            // the API's own strict reader: no trailing tokens, bounded nesting
            doc = new ObjectMapper().readTree(in);
        }
    }

    @Test
    void isOpenApi303() {
        assertEquals("3.0.3", doc.path("openapi").asText());
        assertTrue(doc.path("info").hasNonNull("title"));
        assertTrue(doc.path("info").hasNonNull("version"));
        assertTrue(doc.path("paths").isObject());
    }

    @Test
    void everyRouteIsDocumented() {
        List<String> missing = new ArrayList<>();
        for (String route : ROUTES) {
            String[] parts = route.split(" ", 2);
            JsonNode op = doc.path("paths").path(parts[1]).path(parts[0].toLowerCase());
            if (!op.isObject() || !op.path("responses").isObject()) {
                missing.add(route);
            }
        }
        for (SoftphoneEventType type : SoftphoneEventType.values()) {
            if (!doc.path("paths").path(T + "/softphone/" + type.wireName()).path("post").isObject()) {
                missing.add("POST " + T + "/softphone/" + type.wireName());
            }
        }
        assertTrue(missing.isEmpty(), "undocumented routes: " + missing);
    }

    @Test
    void documentsNoRouteTheCodeLacks() {
        Set<String> known = new HashSet<>(ROUTES);
        for (SoftphoneEventType type : SoftphoneEventType.values()) {
            known.add("POST " + T + "/softphone/" + type.wireName());
        }
        List<String> extra = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.path("paths").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> path = it.next();
            for (Iterator<String> m = path.getValue().fieldNames(); m.hasNext();) {
                String method = m.next();
                if (!method.equals("parameters") && !known.contains(method.toUpperCase() + " " + path.getKey())) {
                    extra.add(method.toUpperCase() + " " + path.getKey());
                }
            }
        }
        assertTrue(extra.isEmpty(), "documented but not implemented: " + extra);
    }

    @Test
    void everyReferenceResolves() {
        List<String> broken = new ArrayList<>();
        refs(doc, broken);
        assertTrue(broken.isEmpty(), "unresolved $refs: " + broken);
    }

    private static void refs(JsonNode node, List<String> broken) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && doc.at(ref.asText().substring(1)).isMissingNode()) {
                broken.add(ref.asText());
            }
        }
        node.forEach(child -> refs(child, broken));
    }

    @Test
    void errorSchemaListsEveryCodeTheServerEmits() {
        JsonNode error = doc.path("components").path("schemas").path("Error");
        assertEquals(List.of("error"), List.of(error.path("required").get(0).asText()));
        Set<String> codes = new HashSet<>();
        error.path("properties").path("error").path("properties").path("code").path("enum").forEach(c -> codes.add(c.asText()));
        List<String> emitted = new ArrayList<>(List.of("INVALID_JSON", "INVALID_BODY", "WRONG_TYPE", "UNKNOWN_FIELD",
                "TOO_LARGE", "MISSING_FIELD", "INVALID_FIELD", "INVALID_MESSAGE", "UNKNOWN_EVENT", "UNKNOWN_TYPE",
                "UNKNOWN_ACTION", "UNKNOWN_DISPOSITION", "UNKNOWN_OBJECT", "MISSING_CREDENTIALS", "BAD_CREDENTIALS",
                "TOO_MANY_FAILED_LOGINS", "NOT_FOUND", "METHOD_NOT_ALLOWED", "BODY_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE",
                "INTERNAL_ERROR", "UNKNOWN_DEAD_LETTER", "DELIVERY_BACKLOG_FULL", "STORE_UNAVAILABLE", "INVALID_PATH",
                "TOO_MANY_AGENTS", "TOO_MANY_STREAMS", "DRAINING", "ADDITIONS_OFF", "UNKNOWN_INTERACTION",
                "INTERACTION_NOT_FINISHED", "INVALID_ATTRIBUTE", "MISSING_ATTRIBUTE", "INVALID_ID", "INVALID_QUERY",
                "DUPLICATE_ITEM", "TOO_MANY_ITEMS", "TYPE_CHANGE", "ALREADY_EXISTS"));
        for (LifecycleException.Code c : LifecycleException.Code.values()) {
            emitted.add(c.name());
        }
        List<String> missing = emitted.stream().filter(c -> !codes.contains(c)).toList();
        assertTrue(missing.isEmpty(), "error codes not documented: " + missing);
        for (String status : List.of("BadRequest", "Unauthorized", "NotFound", "MethodNotAllowed", "Conflict", "Gone",
                "PayloadTooLarge", "UnsupportedMediaType", "TooManyInteractions", "TooManyForAgentChannel", "Draining")) {
            assertTrue(doc.path("components").path("responses").has(status), status);
        }
    }

    @Test
    void streamsAreEventStreamsWithTheirEvents() {
        JsonNode callbacks = doc.path("paths").path(T + "/softphone/callbacks").path("get").path("responses").path("200");
        assertTrue(callbacks.path("content").has("text/event-stream"));
        for (String e : List.of("disposition", "partner_config", "start_call", "update_presence")) {
            assertTrue(callbacks.path("x-sse-events").has(e), e);
        }
        JsonNode agent = doc.path("paths").path(T + "/agents/{agentId}/events").path("get").path("responses").path("200");
        assertTrue(agent.path("content").has("text/event-stream"));
        for (String e : List.of("screenPop", "agentStatus", "click2dial")) {
            assertTrue(agent.path("x-sse-events").has(e), e);
        }
        JsonNode schemes = doc.path("components").path("securitySchemes");
        assertEquals("bearer", schemes.path("bearer").path("scheme").asText());
        assertEquals("access_token", schemes.path("accessToken").path("name").asText());
    }

    @Test
    void requestSchemasUseTheSeedFieldNames() {
        JsonNode schemas = doc.path("components").path("schemas");
        Map<String, List<String>> seed = Map.of(
                "IncomingCall", List.of("partnerId", "conversationId", "callerANI", "language"),
                "CallAccepted", List.of("partnerId", "conversationId", "callerANI", "language", "ivrExitPath", "channelName",
                        "reservationStartDate", "specialEvent", "escalationType", "recordingStatus"),
                "CallRejected", List.of("partnerId", "conversationId", "reason"),
                "CallEnded", List.of("partnerId", "conversationId", "duration", "disposition", "notes", "callType"),
                "CallNotesSubmitted", List.of("partnerId", "conversationId", "disposition", "notes"),
                "OutboundCallInitiated", List.of("partnerId", "conversationId", "dialledTo"),
                "StatusChanged", List.of("softphoneId"),
                "StartCall", List.of("partnerId", "businessSegmentId", "channelOriginId", "dialTo", "dialFrom", "participantType"));
        seed.forEach((schema, fields) -> {
            for (String f : fields) {
                assertTrue(schemas.path(schema).path("properties").has(f), schema + "." + f);
            }
        });
        // documented request fields are exactly what the strict reader accepts
        for (SoftphoneEventType type : SoftphoneEventType.values()) {
            Set<String> documented = new HashSet<>();
            String name = type.payloadType().getSimpleName();
            schemas.path(name).path("properties").fieldNames().forEachRemaining(documented::add);
            Set<String> accepted = new HashSet<>();
            for (var f : type.payloadType().getFields()) {
                accepted.add(f.getName());
            }
            assertEquals(accepted, documented, name);
        }
    }
}
