package org.crmconnector.crm.genericrest.lookup;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.crmconnector.crm.genericrest.template.Encoding;
import org.crmconnector.crm.genericrest.template.Template;
import org.crmconnector.crm.genericrest.template.UrlTemplate;
import org.crmconnector.crm.genericrest.template.Values;
import org.crmconnector.interaction.CrmObject;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Turns a lookup or search answer into CRM objects with JSON Pointers
 * (RFC 6901): one to the list of records, and per record to its id, name,
 * type and link. A path that is missing in an answer yields nothing rather
 * than an error: CRMs commonly leave out empty lists and fields.
 */
public final class RecordReader {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_DEPTH = 4;

    private final JsonPointer records;
    private final JsonPointer id;
    private final JsonPointer name;
    private final JsonPointer type;
    private final String fixedType;
    private final Template nameTemplate;
    private final JsonPointer url;
    private final UrlTemplate urlTemplate;

    /**
     * @param name         may be null
     * @param nameTemplate may be null; when set it wins over {@code name}
     * @param type         may be null: every record is of {@code fixedType}
     * @param url          may be null
     * @param urlTemplate  may be null
     */
    public RecordReader(JsonPointer records, JsonPointer id, JsonPointer name, Template nameTemplate, JsonPointer type,
            String fixedType, JsonPointer url, UrlTemplate urlTemplate) {
        this.records = records;
        this.id = id;
        this.name = name;
        this.nameTemplate = nameTemplate;
        this.type = type;
        this.fixedType = fixedType;
        this.url = url;
        this.urlTemplate = urlTemplate;
    }

    /**
     * Reads the records of an answer. Records without an id are skipped: there
     * would be nothing to open or log against.
     *
     * @param context values the record URL template may use besides the record's own
     * @throws IOException when the answer is not JSON
     */
    public List<CrmObject> read(String body, Values context) throws IOException {
        JsonNode root = body == null || body.isBlank() ? MAPPER.missingNode() : MAPPER.readTree(body);
        if (root == null) {
            root = MAPPER.missingNode();
        }
        JsonNode list = root.at(records);
        List<CrmObject> out = new ArrayList<>();
        if (list.isArray()) {
            for (JsonNode record : list) {
                add(record, context, out);
            }
        } else if (list.isObject()) {
            add(list, context, out);
        }
        return out;
    }

    private void add(JsonNode record, Values context, List<CrmObject> out) {
        String recordId = scalar(record.at(id));
        if (recordId == null) {
            return;
        }
        String recordType = type == null ? null : scalar(record.at(type));
        CrmObject object = new CrmObject(recordId, recordType == null ? fixedType : recordType,
                name == null ? null : scalar(record.at(name)), true, false);
        Values values = null;
        if (nameTemplate != null || urlTemplate != null) {
            values = context.copy().put("recordId", object.id).put("recordType", object.label);
            flatten("", record, values, 0);
        }
        if (nameTemplate != null) {
            // one-line text, e.g. "{record.properties.firstname} {record.properties.lastname}"
            String text = nameTemplate.render(values, Encoding.HEADER).trim();
            object.name = text.isEmpty() ? null : text;
        }
        object.url = url == null ? null : httpUrl(scalar(record.at(url)));
        if (object.url == null && urlTemplate != null) {
            object.url = urlTemplate.render(values.put("recordName", object.name)).toString();
        }
        out.add(object);
    }

    /** The record's scalar fields as {@code record.a.b}; nested objects to a small depth, arrays left out. */
    private static void flatten(String prefix, JsonNode node, Values values, int depth) {
        node.fields().forEachRemaining(f -> {
            String key = prefix + f.getKey();
            if (f.getValue().isObject() && depth < MAX_DEPTH) {
                flatten(key + ".", f.getValue(), values, depth + 1);
            } else {
                String v = scalar(f.getValue());
                if (v != null) {
                    values.putIn("record", key, v);
                }
            }
        });
    }

    /** Text of a string, number or boolean node; null for missing, null, objects and arrays. */
    static String scalar(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull() || node.isContainerNode()) {
            return null;
        }
        String text = node.asText();
        return text.isEmpty() ? null : text;
    }

    /** A link from the CRM's answer, kept only when it is an http(s) URL: an agent's browser opens it. */
    private static String httpUrl(String text) {
        if (text == null) {
            return null;
        }
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null ? text : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
