package org.crmconnector.core.avaya;

import static org.crmconnector.core.avaya.MemberNames.member;
import static org.crmconnector.core.avaya.ValueDescriptions.kind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import org.crmconnector.interaction.Cav;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * Converts the table's lists and maps, element by element with
 * {@link ValueCoercions}. The connector writes several of them either as an
 * object or as an array of name/value pairs; both are read. Size limits apply
 * to every level.
 */
final class CollectionCoercions {

    /** Free-form values (custom fields, engagement parameters) deeper than this are refused: recursion guard. */
    private static final int MAX_DEPTH = 32;

    private final ValueCoercions values;
    private final MappingRun run;

    CollectionCoercions(ValueCoercions values) {
        this.values = values;
        this.run = values.run();
    }

    /** Non-blank strings, trimmed; nulls and blanks are dropped. */
    List<String> stringList(FieldLocation l, JsonNode v) {
        if (v == null) {
            return List.of();
        }
        if (!v.isArray()) {
            throw run.mismatch(l, "must be an array of strings, not " + kind(v));
        }
        values.count(l, v.size());
        List<String> out = new ArrayList<>();
        for (int k = 0; k < v.size(); k++) {
            JsonNode item = v.get(k);
            if (item.isNull()) {
                continue;
            }
            if (!item.isTextual()) {
                throw run.mismatch(l.child("[" + k + "]"), "must be a string, not " + kind(item));
            }
            String s = values.bounded(l.child("[" + k + "]"), item.textValue()).trim();
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    /** One code as a string, or an array of codes and objects carrying one. */
    List<String> workCodes(FieldLocation l, JsonNode v) {
        if (v.isTextual()) {
            return List.of(values.bounded(l, v.textValue()));
        }
        if (!v.isArray()) {
            throw run.mismatch(l, "must be an array of work codes, not " + kind(v));
        }
        values.count(l, v.size());
        List<String> out = new ArrayList<>();
        for (int k = 0; k < v.size(); k++) {
            JsonNode item = v.get(k);
            if (!item.isNull()) {
                out.add(values.code(l.child("[" + k + "]"), item));
            }
        }
        return out;
    }

    /** AXP, Elite, or both: seed 001 writes the pair as {@code [AXP,Elite]}, and so does this. */
    String origin(FieldLocation l, JsonNode v) {
        List<String> parts = new ArrayList<>();
        if (v.isTextual()) {
            String s = values.bounded(l, v.textValue()).trim();
            if (s.startsWith("[") && s.endsWith("]")) {
                s = s.substring(1, s.length() - 1);
            }
            for (String p : s.split(",")) {
                parts.add(p.trim());
            }
        } else if (v.isArray()) {
            values.count(l, v.size());
            for (int k = 0; k < v.size(); k++) {
                JsonNode item = v.get(k);
                if (!item.isTextual()) {
                    throw run.mismatch(l.child("[" + k + "]"), "must be a string, not " + kind(item));
                }
                parts.add(item.textValue().trim());
            }
        } else {
            throw run.mismatch(l, "must be a string or an array of strings, not " + kind(v));
        }
        parts.removeIf(String::isEmpty);
        parts.replaceAll(p -> p.equalsIgnoreCase("axp") ? "AXP" : p.equalsIgnoreCase("elite") ? "Elite" : p);
        if (parts.isEmpty()) {
            return null;
        }
        return parts.size() == 1 ? parts.get(0) : "[" + String.join(",", parts) + "]";
    }

    /** An object, or an array of {@code {name|key|id, value}}; both occur for custom fields. */
    private Map<String, JsonNode> pairs(FieldLocation l, JsonNode v) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        if (v.isObject()) {
            values.count(l, v.size());
            for (Map.Entry<String, JsonNode> e : v.properties()) {
                out.put(values.bounded(l, e.getKey()), e.getValue());
            }
            return out;
        }
        if (!v.isArray()) {
            throw run.mismatch(l, "must be an object or an array of {name, value}, not " + kind(v));
        }
        values.count(l, v.size());
        for (int k = 0; k < v.size(); k++) {
            FieldLocation item = l.child("[" + k + "]");
            JsonNode pair = v.get(k);
            if (!pair.isObject()) {
                throw run.mismatch(item, "must be an object with a name and a value, not " + kind(pair));
            }
            JsonNode key = member(pair, "name", "key", "id");
            if (key == null) {
                throw run.mismatch(item, "has no name");
            }
            JsonNode value = member(pair, "value");
            out.put(values.text(item.child(".name"), key),
                    value == null ? JsonNodeFactory.instance.nullNode() : value);
        }
        return out;
    }

    /** Names to text; an array value is joined with commas. */
    Map<String, String> stringMap(FieldLocation l, JsonNode v) {
        Map<String, String> out = new LinkedHashMap<>();
        pairs(l, v).forEach((key, value) -> {
            FieldLocation at = l.child("." + key);
            if (value.isArray()) {
                // AXP attributes may be multi-valued, e.g. {"Language": ["English"]}.
                values.count(at, value.size());
                StringJoiner joined = new StringJoiner(",");
                for (int k = 0; k < value.size(); k++) {
                    String s = values.scalar(at.child("[" + k + "]"), value.get(k));
                    if (s != null) {
                        joined.add(s);
                    }
                }
                out.put(key, values.bounded(at, joined.toString()));
            } else if (value.isObject()) {
                throw run.mismatch(at, "must be a string or an array of strings, not an object");
            } else if (!value.isNull()) {
                out.put(key, values.scalar(at, value));
            }
        });
        return out;
    }

    /** Names to plain Java values, for free-form fields whose shape only the CRM knows. */
    Map<String, Object> objectMap(FieldLocation l, JsonNode v) {
        Map<String, Object> out = new LinkedHashMap<>();
        pairs(l, v).forEach((key, value) -> out.put(key, plain(l.child("." + key), value, 1)));
        return out;
    }

    /** Names to flags; a null value is left out. */
    Map<String, Boolean> boolMap(FieldLocation l, JsonNode v) {
        Map<String, Boolean> out = new LinkedHashMap<>();
        pairs(l, v).forEach((key, value) -> {
            if (!value.isNull()) {
                out.put(key, values.bool(l.child("." + key), value));
            }
        });
        return out;
    }

    /** JSON as plain Java values (String, Boolean, Long, BigInteger, BigDecimal, Double, List, Map). */
    private Object plain(FieldLocation l, JsonNode v, int depth) {
        if (depth > MAX_DEPTH) {
            throw run.limit(l, "is nested deeper than " + MAX_DEPTH + " levels");
        }
        if (v == null || v.isNull() || v.isMissingNode()) {
            return null;
        }
        if (v.isTextual()) {
            return values.bounded(l, v.textValue());
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isIntegralNumber()) {
            return v.canConvertToLong() ? (Object) v.longValue() : v.bigIntegerValue();
        }
        if (v.isBigDecimal()) {
            return v.decimalValue();
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isArray()) {
            values.count(l, v.size());
            List<Object> list = new ArrayList<>(v.size());
            for (int k = 0; k < v.size(); k++) {
                list.add(plain(l.child("[" + k + "]"), v.get(k), depth + 1));
            }
            return list;
        }
        if (v.isObject()) {
            values.count(l, v.size());
            Map<String, Object> map = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : v.properties()) {
                map.put(values.bounded(l, e.getKey()), plain(l.child("." + e.getKey()), e.getValue(), depth + 1));
            }
            return map;
        }
        return values.bounded(l, v.asText());
    }

    /** Seed 003's call-attached variables: {@code [{id, name, group, value}]} or {@code {"group.name": value}}. */
    List<Cav> cavs(FieldLocation l, JsonNode v) {
        List<Cav> out = new ArrayList<>();
        if (v.isObject()) {
            // {"Customer.AccountId": "42"}: group and name joined by the last dot.
            pairs(l, v).forEach((key, value) -> {
                int dot = key.lastIndexOf('.');
                out.add(new Cav(null, key.substring(dot + 1), dot < 0 ? null : key.substring(0, dot),
                        values.scalar(l.child("." + key), value)));
            });
            return out;
        }
        if (!v.isArray()) {
            throw run.mismatch(l, "must be an array of {id, name, group, value}, not " + kind(v));
        }
        values.count(l, v.size());
        for (int k = 0; k < v.size(); k++) {
            FieldLocation at = l.child("[" + k + "]");
            JsonNode item = v.get(k);
            if (!item.isObject()) {
                throw run.mismatch(at, "must be an object, not " + kind(item));
            }
            out.add(new Cav(values.scalar(at.child(".id"), member(item, "id")),
                    values.scalar(at.child(".name"), member(item, "name")),
                    values.scalar(at.child(".group"), member(item, "group")),
                    values.scalar(at.child(".value"), member(item, "value"))));
        }
        return out;
    }

    /** Attachment objects as plain maps; a bare string is a file name. */
    List<Map<String, Object>> attachments(FieldLocation l, JsonNode v) {
        if (!v.isArray()) {
            throw run.mismatch(l, "must be an array of attachments, not " + kind(v));
        }
        values.count(l, v.size());
        List<Map<String, Object>> out = new ArrayList<>();
        for (int k = 0; k < v.size(); k++) {
            FieldLocation at = l.child("[" + k + "]");
            JsonNode item = v.get(k);
            if (item.isObject()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) plain(at, item, 1);
                out.add(m);
            } else if (item.isTextual()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", values.bounded(at, item.textValue()));
                out.add(m);
            } else if (!item.isNull()) {
                throw run.mismatch(at, "must be an object, not " + kind(item));
            }
        }
        return out;
    }
}
