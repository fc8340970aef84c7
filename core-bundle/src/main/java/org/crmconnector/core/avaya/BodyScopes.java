package org.crmconnector.core.avaya;

import static org.crmconnector.core.avaya.MemberNames.member;
import static org.crmconnector.core.avaya.MemberNames.normalise;
import static org.crmconnector.core.avaya.ValueDescriptions.kind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Where the table's fields are looked for. The connector sends "the entire
 * interaction body" and its shape differs between AXP and Elite Voice, so a
 * field is looked up, in order, in the body, {@code interactionData}, its
 * {@code interaction} and the {@code intrinsics} wherever they sit, by
 * normalised name and synonyms. The first scope that has it wins.
 */
final class BodyScopes {

    private record Scope(String path, Map<String, Map.Entry<String, JsonNode>> index) {
    }

    private final MappingRun run;
    private final List<Scope> scopes = new ArrayList<>();
    private final JsonNode intrinsics;

    /** A scope that is not an object is a value that does not fit: a best-effort run looks past it. */
    BodyScopes(MappingRun run, JsonNode root) {
        this.run = run;
        add("", root);
        JsonNode data = child("", root, "interactionData");
        String basePath = data == null ? "" : "interactionData.";
        JsonNode base = data == null ? root : data;
        if (data != null) {
            add(basePath, data);
        }
        JsonNode interaction = child(basePath, base, "interaction");
        if (interaction != null) {
            add(basePath + "interaction.", interaction);
        }
        String[] paths = {basePath + "interaction.", basePath, ""};
        JsonNode[] holders = {interaction, data, root};
        JsonNode found = null;
        for (int k = 0; k < holders.length && found == null; k++) {
            if (holders[k] != null) {
                found = child(paths[k], holders[k], "intrinsics");
                if (found != null) {
                    add(paths[k] + "intrinsics.", found);
                }
            }
        }
        this.intrinsics = found;
    }

    /**
     * The body in a {@code requestSaveInteractionLog}'s {@code data}: at
     * {@code data.message.body} (the seed's example), {@code data.body} or {@code data} itself.
     */
    static JsonNode bodyOf(MappingRun run, JsonNode data) {
        if (data == null || !data.isObject()) {
            throw run.mismatch(new FieldLocation("data", null), "must be an object, not " + kind(data));
        }
        JsonNode message = member(data, "message");
        if (message != null && message.isObject() && member(message, "body") != null) {
            return object(run, new FieldLocation("message.body", null), member(message, "body"));
        }
        JsonNode body = member(data, "body");
        return body != null ? object(run, new FieldLocation("body", null), body) : data;
    }

    private static JsonNode object(MappingRun run, FieldLocation l, JsonNode v) {
        if (!v.isObject()) {
            throw run.mismatch(l, "must be an object, not " + kind(v));
        }
        return v;
    }

    private JsonNode child(String path, JsonNode parent, String name) {
        JsonNode v = member(parent, name);
        if (v == null) {
            return null;
        }
        return run.attempt(() -> object(run, new FieldLocation(path + name, null), v));
    }

    private void add(String path, JsonNode object) {
        Map<String, Map.Entry<String, JsonNode>> index = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            JsonNode v = e.getValue();
            // Null and blank count as absent, so a deeper scope can still supply the value.
            if (!v.isNull() && !(v.isTextual() && v.textValue().isBlank())) {
                index.putIfAbsent(normalise(e.getKey()), e);
            }
        }
        scopes.add(new Scope(path, index));
    }

    /** The intrinsics object, or null; attached data lists its members by their own names. */
    JsonNode intrinsics() {
        return intrinsics;
    }

    /** The field in each scope that has it, first scope first. */
    List<FieldHit> findAll(LogField f) {
        List<FieldHit> hits = new ArrayList<>();
        for (Scope s : scopes) {
            for (String key : f.keys()) {
                Map.Entry<String, JsonNode> e = s.index.get(key);
                if (e != null) {
                    hits.add(new FieldHit(new FieldLocation(f.name(), s.path + e.getKey()), e.getValue()));
                    break;
                }
            }
        }
        return hits;
    }

    /** The field from the first scope that has it, or null. */
    FieldHit find(LogField f) {
        List<FieldHit> hits = findAll(f);
        return hits.isEmpty() ? null : hits.get(0);
    }
}
