package org.crmconnector.core.avaya;

import static org.crmconnector.core.avaya.MemberNames.member;
import static org.crmconnector.core.avaya.ValueDescriptions.kind;

import java.util.ArrayList;
import java.util.List;

import org.crmconnector.interaction.CrmObject;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Converts the Name and Related To options the agent could pick from and the
 * ones picked. {@code nameField} says which of the two a value came from: it
 * is the default for the object's {@code isWho}, its opposite for {@code isWhat}.
 */
final class CrmObjectCoercions {

    private final ValueCoercions values;
    private final MappingRun run;

    CrmObjectCoercions(ValueCoercions values) {
        this.values = values;
        this.run = values.run();
    }

    /** The options that have an id: without one an option cannot be linked to, so there is nothing to keep. */
    List<CrmObject> options(FieldLocation l, JsonNode v, boolean nameField) {
        if (!v.isArray()) {
            throw run.mismatch(l, "must be an array of {id, label, name}, not " + kind(v));
        }
        values.count(l, v.size());
        List<CrmObject> out = new ArrayList<>();
        for (int k = 0; k < v.size(); k++) {
            FieldLocation at = l.child("[" + k + "]");
            JsonNode item = v.get(k);
            if (!item.isObject()) {
                throw run.mismatch(at, "must be an object, not " + kind(item));
            }
            CrmObject o = crmObject(at, item, nameField);
            if (o.id != null) {
                out.add(o);
            }
        }
        return out;
    }

    /** Seed 003's {@code {id, label, name, isWho, isWhat}}; flags default to the field it came from. */
    private CrmObject crmObject(FieldLocation l, JsonNode o, boolean nameField) {
        CrmObject c = new CrmObject();
        c.id = blankToNull(values.scalar(l.child(".id"), member(o, "id", "recordId")));
        c.label = values.scalar(l.child(".label"), member(o, "label", "type"));
        c.name = values.scalar(l.child(".name"), member(o, "name", "displayName"));
        c.url = values.scalar(l.child(".url"), member(o, "url"));
        JsonNode who = member(o, "isWho");
        JsonNode what = member(o, "isWhat");
        c.isWho = who == null ? nameField : values.bool(l.child(".isWho"), who);
        c.isWhat = what == null ? !nameField : values.bool(l.child(".isWhat"), what);
        return c;
    }

    /** The selected Name or Related To: an id, resolved against the options when one matches, or an object. */
    CrmObject selected(FieldLocation l, JsonNode v, List<CrmObject> options, boolean nameField) {
        if (v.isObject()) {
            CrmObject given = crmObject(l, v, nameField);
            if (given.id == null) {
                throw run.mismatch(l, "has no id");
            }
            options.stream().filter(o -> given.id.equals(o.id)).findFirst().ifPresent(o -> {
                given.label = given.label != null ? given.label : o.label;
                given.name = given.name != null ? given.name : o.name;
                given.url = given.url != null ? given.url : o.url;
            });
            return given;
        }
        String id = values.text(l, v).trim();
        return options.stream().filter(o -> id.equals(o.id)).findFirst()
                .orElseGet(() -> new CrmObject(id, null, null, nameField, !nameField));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
