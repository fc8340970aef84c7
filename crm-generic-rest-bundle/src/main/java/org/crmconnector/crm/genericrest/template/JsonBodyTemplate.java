package org.crmconnector.crm.genericrest.template;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A JSON body written as the JSON it produces, with variables inside string
 * values: {@code {"phone":"{ani}","seconds":"{durationSeconds}"}}.
 * <p>
 * The template is parsed as JSON when the configuration is saved, and each
 * request is built as a JSON tree and serialised by Jackson. A value is only
 * ever the content of one JSON value, so quotes, braces or newlines in it
 * cannot change the document's structure.
 * <p>
 * A string that is exactly one number or boolean variable becomes a JSON
 * number or boolean (JSON {@code null} when the value is missing);
 * namespaced values that are numbers or booleans (engagement parameters,
 * custom fields) keep their type the same way.
 * <p>
 * A member whose key ends in {@code ?} is optional: it is written (without
 * the {@code ?}) only when every variable inside its value has a value, e.g.
 * {@code "associations?":[{"to":{"id":"{nameId}"}}]} links a call to a
 * contact only when the caller was identified.
 */
public final class JsonBodyTemplate implements BodyTemplate {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String source;
    private final JsonNode tree;
    private final VariableCatalog catalog;
    private final Set<String> variables = new LinkedHashSet<>();

    public JsonBodyTemplate(String source, VariableCatalog catalog) {
        this.source = source;
        this.catalog = catalog;
        try {
            this.tree = MAPPER.readTree(source);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage());
        }
        if (tree == null || tree.isMissingNode()) {
            throw new IllegalArgumentException("not valid JSON: empty");
        }
        check(tree);
    }

    /** Builds a template from an already parsed JSON value (the "json" member of a trigger request). */
    public JsonBodyTemplate(JsonNode tree, VariableCatalog catalog) {
        this.source = tree.toString();
        this.catalog = catalog;
        this.tree = tree;
        check(tree);
    }

    private void check(JsonNode node) {
        if (node.isTextual()) {
            variables.addAll(Template.parse(node.textValue(), catalog).variables());
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!Template.parse(field.getKey(), catalog).variables().isEmpty()) {
                    throw new IllegalArgumentException("variables are not allowed in JSON keys: \"" + field.getKey() + "\"");
                }
                if (field.getKey().equals("?")) {
                    throw new IllegalArgumentException("an optional member needs a name before the '?'");
                }
                check(field.getValue());
            }
        } else if (node.isArray()) {
            node.forEach(this::check);
        }
    }

    @Override
    public String contentType() {
        return "application/json";
    }

    @Override
    public String render(Values values) {
        try {
            return MAPPER.writeValueAsString(fill(tree, values));
        } catch (JsonProcessingException e) {
            // a tree of plain nodes always serialises
            throw new IllegalStateException(e);
        }
    }

    private JsonNode fill(JsonNode node, Values values) {
        if (node.isTextual()) {
            return fillText(node.textValue(), values);
        }
        if (node.isObject()) {
            ObjectNode out = NODES.objectNode();
            node.fields().forEachRemaining(f -> {
                String key = f.getKey();
                if (key.endsWith("?")) {
                    if (allPresent(f.getValue(), values)) {
                        out.set(unescapeKey(key.substring(0, key.length() - 1)), fill(f.getValue(), values));
                    }
                } else {
                    out.set(unescapeKey(key), fill(f.getValue(), values));
                }
            });
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = NODES.arrayNode();
            node.forEach(n -> out.add(fill(n, values)));
            return out;
        }
        return node;
    }

    /** Whether every variable in this part of the template has a non-empty value. */
    private boolean allPresent(JsonNode node, Values values) {
        if (node.isTextual()) {
            return Template.parse(node.textValue(), catalog).variables().stream()
                    .allMatch(v -> !values.text(v).isEmpty());
        }
        for (JsonNode child : node) {
            if (!allPresent(child, values)) {
                return false;
            }
        }
        return true;
    }

    private String unescapeKey(String key) {
        return Template.parse(key, catalog).render(new Values(), Encoding.TEXT);
    }

    private JsonNode fillText(String text, Values values) {
        Template template = Template.parse(text, catalog);
        String sole = template.soleVariable();
        if (sole != null) {
            Object value = values.get(sole);
            VariableType type = catalog.typeOf(sole);
            if (value instanceof Boolean b) {
                return NODES.booleanNode(b);
            }
            if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
                return NODES.numberNode(((Number) value).longValue());
            }
            if (value instanceof Number n) {
                try {
                    return NODES.numberNode(new BigDecimal(n.toString()));
                } catch (NumberFormatException notFinite) {
                    // NaN and infinities have no JSON number form; they stay text
                }
            }
            if (value == null && (type == VariableType.NUMBER || type == VariableType.BOOLEAN)) {
                return NODES.nullNode();
            }
        }
        return NODES.textNode(template.render(values, Encoding.TEXT));
    }

    @Override
    public Set<String> variables() {
        return Collections.unmodifiableSet(variables);
    }

    @Override
    public String source() {
        return source;
    }
}
