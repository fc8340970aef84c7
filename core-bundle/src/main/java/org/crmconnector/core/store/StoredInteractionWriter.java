package org.crmconnector.core.store;

import java.io.IOException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.crmconnector.interaction.Cav;
import org.crmconnector.interaction.CrmObject;
import org.crmconnector.interaction.Interaction;

import com.fasterxml.jackson.core.JsonGenerator;

/**
 * Writes an interaction as the JSON of its {@link StoredInteraction} with
 * empty values left out, straight from the interaction: the same document
 * (the same fields, names, order and values) that serialising
 * {@link StoredInteraction#of} with a mapper set to
 * {@code Include.NON_EMPTY} gives, without copying the interaction into a
 * stored form first or going through a bean serializer for every field.
 * Every durable change writes one, so this is on the path of every event.
 * Map values and draft attachments, whose values may be of any JSON type,
 * go through the generator's codec, as before.
 */
public final class StoredInteractionWriter {

    private StoredInteractionWriter() {
    }

    public static void write(JsonGenerator g, Interaction i) throws IOException {
        g.writeStartObject();
        string(g, "tenantId", i.tenantId);
        string(g, "interactionId", i.interactionId);
        g.writeNumberField("legId", i.legId);
        string(g, "ucid", i.ucid);
        string(g, "agentId", i.agentId);
        string(g, "resourceAddress", i.resourceAddress);
        string(g, "partnerId", i.partnerId);
        string(g, "interactionOrigin", i.interactionOrigin);
        string(g, "channel", i.channel == null ? null : i.channel.name());
        string(g, "direction", i.direction == null ? null : i.direction.name());
        string(g, "interactionType", i.interactionType == null ? null : i.interactionType.name());
        g.writeBooleanField("transfer", i.transfer);
        g.writeBooleanField("conference", i.conference);
        if (i.priority != null) {
            g.writeNumberField("priority", i.priority);
        }
        string(g, "language", i.language);
        string(g, "state", i.state == null ? null : i.state.name());
        string(g, "callerNumber", i.callerNumber);
        string(g, "callerName", i.callerName);
        string(g, "dnis", i.dnis);
        string(g, "destinationAddress", i.destinationAddress);
        string(g, "updatedOriginatingAddress", i.updatedOriginatingAddress);
        string(g, "updatedDestinationAddress", i.updatedDestinationAddress);
        string(g, "topicId", i.topicId);
        string(g, "topicName", i.topicName);
        string(g, "skillId", i.skillId);
        string(g, "skillName", i.skillName);
        string(g, "uui", i.uui);
        string(g, "asaiUui", i.asaiUui);
        map(g, "attributes", i.attributes);
        map(g, "engagementParameters", i.engagementParameters);
        map(g, "customFields", i.customFields);
        map(g, "settings", i.settings);
        if (i.cavs != null && !i.cavs.isEmpty()) {
            g.writeArrayFieldStart("cavs");
            for (Cav c : i.cavs) {
                cav(g, c);
            }
            g.writeEndArray();
        }
        map(g, "softphoneData", i.softphoneData);
        instant(g, "startTime", i.startTime);
        instant(g, "establishedTime", i.establishedTime);
        instant(g, "endTime", i.endTime);
        instant(g, "finishedTime", i.finishedTime);
        if (i.durationSeconds != null) {
            g.writeNumberField("durationSeconds", i.durationSeconds);
        }
        if (i.acwDurationSeconds != null) {
            g.writeNumberField("acwDurationSeconds", i.acwDurationSeconds);
        }
        string(g, "subject", i.subject);
        string(g, "comments", i.comments);
        string(g, "dispositionCode", i.dispositionCode);
        string(g, "finishReason", i.finishReason);
        if (i.workCodes != null && !i.workCodes.isEmpty()) {
            g.writeArrayFieldStart("workCodes");
            for (String w : i.workCodes) {
                g.writeString(w);
            }
            g.writeEndArray();
        }
        objects(g, "visitedObjects", i.visitedObjects);
        objects(g, "nameOptions", i.nameOptions);
        objects(g, "relatedToOptions", i.relatedToOptions);
        if (i.selectedName != null) {
            g.writeFieldName("selectedName");
            object(g, i.selectedName);
        }
        if (i.selectedRelatedTo != null) {
            g.writeFieldName("selectedRelatedTo");
            object(g, i.selectedRelatedTo);
        }
        objects(g, "searchResults", i.searchResults);
        string(g, "draftId", i.draftId);
        if (i.draftSavedSuccessfully != null) {
            g.writeBooleanField("draftSavedSuccessfully", i.draftSavedSuccessfully);
        }
        string(g, "emailDraftBody", i.emailDraftBody);
        if (i.draftAttachments != null && !i.draftAttachments.isEmpty()) {
            g.writeFieldName("draftAttachments");
            g.writeObject(i.draftAttachments);
        }
        instant(g, "lastUpdatedAt", i.lastUpdatedAt);
        string(g, "lastUpdatedBy", i.lastUpdatedBy);
        string(g, "transferredBy", i.transferredBy);
        g.writeEndObject();
    }

    private static void string(JsonGenerator g, String name, String value) throws IOException {
        if (value != null && !value.isEmpty()) {
            g.writeStringField(name, value);
        }
    }

    private static void instant(JsonGenerator g, String name, Instant value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value.toString()); // ISO-8601, as the mapper's JavaTimeModule writes it
        }
    }

    /**
     * A map's entries without the empty values (null, "", an empty list or
     * map), and no field at all when none is left: NON_EMPTY applies to a
     * map property's values as well as to the map.
     */
    private static void map(JsonGenerator g, String name, Map<String, ?> map) throws IOException {
        if (map == null || map.isEmpty()) {
            return;
        }
        boolean started = false;
        for (Map.Entry<String, ?> e : map.entrySet()) {
            Object v = e.getValue();
            if (isEmpty(v)) {
                continue;
            }
            if (!started) {
                g.writeObjectFieldStart(name);
                started = true;
            }
            g.writeFieldName(e.getKey());
            if (v instanceof String s) {
                g.writeString(s);
            } else if (v instanceof Boolean b) {
                g.writeBoolean(b);
            } else {
                g.writeObject(v);
            }
        }
        if (started) {
            g.writeEndObject();
        }
    }

    /**
     * Empty as NON_EMPTY judges a map value: null, "", an empty list or
     * array, or a map whose values are all empty in turn (the rule reaches
     * into nested maps, not into lists). The values are plain JSON: strings,
     * numbers, booleans, lists and maps.
     */
    private static boolean isEmpty(Object v) {
        if (v instanceof Map<?, ?> m) {
            for (Object value : m.values()) {
                if (!isEmpty(value)) {
                    return false;
                }
            }
            return true;
        }
        return v == null || v instanceof String s && s.isEmpty() || v instanceof Collection<?> c && c.isEmpty()
                || v instanceof Object[] a && a.length == 0;
    }

    private static void cav(JsonGenerator g, Cav c) throws IOException {
        if (c == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        string(g, "id", c.id);
        string(g, "name", c.name);
        string(g, "group", c.group);
        string(g, "value", c.value);
        g.writeEndObject();
    }

    private static void objects(JsonGenerator g, String name, List<CrmObject> objects) throws IOException {
        if (objects == null || objects.isEmpty()) {
            return;
        }
        g.writeArrayFieldStart(name);
        for (CrmObject o : objects) {
            object(g, o);
        }
        g.writeEndArray();
    }

    private static void object(JsonGenerator g, CrmObject o) throws IOException {
        if (o == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        string(g, "id", o.id);
        string(g, "label", o.label);
        string(g, "name", o.name);
        g.writeBooleanField("isWho", o.isWho);
        g.writeBooleanField("isWhat", o.isWhat);
        string(g, "url", o.url);
        g.writeEndObject();
    }
}
