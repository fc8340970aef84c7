package org.crmconnector.core.admin;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.crmconnector.core.web.ApiException;
import org.crmconnector.core.web.ApiRequest;
import org.crmconnector.core.web.ApiResource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.ObjectClassDefinition;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The operator API below {@code /api/v1/admin}: tenants and adapter instances
 * (list, read, create, replace by id, delete), many at once, the adapter
 * types that can be made, and how many are live. The HTTP layer has checked
 * the operator's key; this resource turns requests into {@link Provisioning}
 * calls and their answers into JSON.
 */
@Component(service = ApiResource.class, property = ApiResource.ROUTE + "=" + AdminResource.ROUTE)
public class AdminResource implements ApiResource {

    public static final String ROUTE = "admin";
    private static final int DEFAULT_PAGE = 100;
    private static final int MAX_PAGE = 1000;

    private final Provisioning provisioning;

    @Activate
    public AdminResource(@Reference Provisioning provisioning) {
        this.provisioning = provisioning;
    }

    @Override
    public Object handle(ApiRequest request) {
        String first = request.segment(0);
        int depth = request.depth();
        if (first == null) {
            throw ApiException.notFound("operator resources: tenants, adapters, adapter-types, bulk, summary");
        }
        return switch (first) {
            case "tenants" -> depth == 1 ? collection(request, Kind.TENANT)
                    : depth == 2 ? item(request, Kind.TENANT, request.segment(1)) : notFound(request);
            case "adapters" -> depth == 1 ? collection(request, Kind.ADAPTER)
                    : depth == 2 ? item(request, Kind.ADAPTER, request.segment(1)) : notFound(request);
            case "adapter-types" -> depth == 1 ? adapterTypes(request) : notFound(request);
            case "bulk" -> depth == 1 ? bulk(request) : notFound(request);
            case "summary" -> depth == 1 ? summary(request) : notFound(request);
            default -> notFound(request);
        };
    }

    private static Object notFound(ApiRequest request) {
        throw ApiException.notFound("no operator resource here; see /api/v1/openapi.json");
    }

    private Object collection(ApiRequest request, Kind kind) {
        switch (request.method()) {
            case "GET":
                return page(request, provisioning.list(kind));
            case "POST":
                return written(request, provisioning.create(desired(kind, null, object(request.bodyTree(), "the body")),
                        request.operator()));
            default:
                throw request.methodNotAllowed("GET", "POST");
        }
    }

    private Object item(ApiRequest request, Kind kind, String id) {
        switch (request.method()) {
            case "GET":
                return provisioning.get(kind, id).orElseThrow(() -> Provisioning.notFound(kind, id));
            case "PUT":
                return written(request, provisioning.put(desired(kind, id, object(request.bodyTree(), "the body")),
                        request.operator()));
            case "DELETE":
                return provisioning.delete(kind, id, request.operator());
            default:
                throw request.methodNotAllowed("GET", "PUT", "DELETE");
        }
    }

    private Object written(ApiRequest request, Change change) {
        if (change.created()) {
            request.setStatus(201);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("outcome", change.outcome());
        answer.put("item", provisioning.get(change.kind(), change.id()).orElse(null));
        return answer;
    }

    /** {"adapters": [...], "tenants": [...]}: checked whole, then written, adapter instances first. */
    private Object bulk(ApiRequest request) {
        if (!"POST".equals(request.method())) {
            throw request.methodNotAllowed("POST");
        }
        Map<String, Object> body = object(request.bodyTree(), "the body");
        Map<String, Desired> items = new LinkedHashMap<>();
        for (String field : body.keySet()) {
            if (!Set.of("adapters", "tenants").contains(field)) {
                throw ApiException.badRequest("UNKNOWN_FIELD", "unknown field '" + ApiException.clip(field)
                        + "'; a bulk request has adapters and tenants");
            }
        }
        collect(items, body.get("adapters"), "adapters", Kind.ADAPTER);
        collect(items, body.get("tenants"), "tenants", Kind.TENANT);
        List<Change> changes = provisioning.apply(items, request.operator());
        Map<String, Integer> counts = new TreeMap<>(Map.of("created", 0, "updated", 0, "unchanged", 0));
        List<Map<String, Object>> results = new ArrayList<>();
        for (Change c : changes) {
            counts.merge(c.outcome(), 1, Integer::sum);
            results.add(Map.of("kind", c.kind() == Kind.TENANT ? "tenant" : "adapter", "id", c.id(), "pid", c.pid(),
                    "outcome", c.outcome()));
        }
        Map<String, Object> answer = new LinkedHashMap<>(counts);
        answer.put("results", results);
        return answer;
    }

    private static void collect(Map<String, Desired> items, Object list, String field, Kind kind) {
        if (list == null) {
            return;
        }
        if (!(list instanceof List<?> entries)) {
            throw ApiException.badRequest("INVALID_FIELD", field + " must be an array");
        }
        if (entries.size() > Provisioning.MAX_ITEMS) {
            throw ApiException.badRequest("TOO_MANY_ITEMS", "at most " + Provisioning.MAX_ITEMS + " " + field);
        }
        for (int i = 0; i < entries.size(); i++) {
            String at = field + "[" + i + "].";
            Map<String, Object> entry = object(entries.get(i), field + "[" + i + "]");
            Desired d = desired(kind, null, entry, at);
            items.put(at, d);
        }
    }

    private static Desired desired(Kind kind, String pathId, Map<String, Object> body) {
        return desired(kind, pathId, body, "");
    }

    /** {"id": .., "type": .. (adapters), "attributes": {..}}; the path's id wins, and a different one in the body is refused. */
    private static Desired desired(Kind kind, String pathId, Map<String, Object> body, String at) {
        for (String field : body.keySet()) {
            if (!Set.of("id", "type", "attributes").contains(field) || kind == Kind.TENANT && field.equals("type")) {
                throw ApiException.badRequest("UNKNOWN_FIELD", at + "unknown field '" + ApiException.clip(field)
                        + "'; " + (kind == Kind.TENANT ? "a tenant has id and attributes" : "an adapter instance has id, "
                                + "type and attributes"));
            }
        }
        Object id = body.get("id");
        if (id != null && !(id instanceof String)) {
            throw ApiException.badRequest("INVALID_FIELD", at + "id must be a string");
        }
        if (pathId != null && id != null && !pathId.equals(id)) {
            throw ApiException.badRequest("INVALID_FIELD", at + "id is '" + ApiException.clip((String) id)
                    + "' but the path names '" + ApiException.clip(pathId) + "'");
        }
        String resolved = pathId != null ? pathId : (String) id;
        if (resolved == null) {
            throw ApiException.badRequest("MISSING_FIELD", at + "id is required");
        }
        Object type = body.get("type");
        if (type != null && !(type instanceof String)) {
            throw ApiException.badRequest("INVALID_FIELD", at + "type must be a string");
        }
        Object attributes = body.get("attributes");
        Map<String, Object> attrs = attributes == null ? Map.of() : object(attributes, at + "attributes");
        return new Desired(kind, resolved, (String) type, attrs);
    }

    /** ?state=live|no-adapter|refused|unsatisfied|pending, ?q= part of the id, ?offset=, ?limit= (at most 1,000). */
    private static Map<String, Object> page(ApiRequest request, List<Provisioned> all) {
        String state = request.query("state");
        String q = request.query("q");
        int offset = number(request, "offset", 0, Integer.MAX_VALUE, 0);
        int limit = number(request, "limit", 1, MAX_PAGE, DEFAULT_PAGE);
        List<Provisioned> matching = all.stream().filter(p -> state == null || state.equals(p.state()))
                .filter(p -> q == null || p.id().contains(q)).toList();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("total", matching.size());
        answer.put("offset", offset);
        answer.put("limit", limit);
        answer.put("items", offset >= matching.size() ? List.of()
                : matching.subList(offset, Math.min(matching.size(), offset + limit)));
        return answer;
    }

    private static int number(ApiRequest request, String name, int min, int max, int fallback) {
        String value = request.query(name);
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ApiException.badRequest("INVALID_QUERY", name + " must be a whole number from " + min + " to " + max);
    }

    private Object summary(ApiRequest request) {
        if (!"GET".equals(request.method())) {
            throw request.methodNotAllowed("GET");
        }
        return Map.of("tenants", Summary.count(provisioning.list(Kind.TENANT)), "adapters",
                Summary.count(provisioning.list(Kind.ADAPTER)));
    }

    /** Each deployed adapter type with its attributes as the metatype describes them: what a program needs to make one. */
    private Object adapterTypes(ApiRequest request) {
        if (!"GET".equals(request.method())) {
            throw request.methodNotAllowed("GET");
        }
        List<Map<String, Object>> types = new ArrayList<>();
        provisioning.adapterTypes().forEach((pid, ocd) -> {
            List<Map<String, Object>> attributes = new ArrayList<>();
            for (AttributeDefinition ad : ocd.getAttributeDefinitions(ObjectClassDefinition.ALL)) {
                Map<String, Object> a = new LinkedHashMap<>();
                a.put("id", ConfigSchema.clientName(ad.getID()));
                a.put("name", ad.getName());
                a.put("description", ad.getDescription());
                a.put("type", ConfigSchema.jsonType(ad.getType()));
                a.put("array", ad.getCardinality() != 0);
                a.put("secret", ConfigSchema.isSecret(ad));
                if (!ConfigSchema.isSecret(ad) && ad.getDefaultValue() != null) {
                    a.put("default", ad.getCardinality() != 0 ? List.of(ad.getDefaultValue())
                            : ad.getDefaultValue().length == 0 ? null : ad.getDefaultValue()[0]);
                }
                if (ad.getOptionValues() != null) {
                    a.put("options", List.of(ad.getOptionValues()));
                }
                attributes.add(a);
            }
            types.add(Map.of("type", pid, "name", ocd.getName(), "attributes", attributes));
        });
        return Map.of("types", types);
    }

    /** A JSON object as plain Java values (String, Integer/Long, Double, Boolean, List, Map, null). */
    static Map<String, Object> object(Object node, String what) {
        Object value = node instanceof JsonNode n ? plain(n) : node;
        if (!(value instanceof Map<?, ?> map)) {
            throw ApiException.badRequest("INVALID_FIELD", what + " must be a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) map;
        return m;
    }

    private static Object plain(JsonNode n) {
        if (n.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                m.put(e.getKey(), plain(e.getValue()));
            }
            return m;
        }
        if (n.isArray()) {
            List<Object> l = new ArrayList<>();
            n.forEach(e -> l.add(plain(e)));
            return l;
        }
        if (n.isTextual()) {
            return n.textValue();
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isIntegralNumber()) {
            return n.canConvertToInt() ? (Object) n.intValue() : n.canConvertToLong() ? (Object) n.longValue() : n.doubleValue();
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        return null;
    }
}
