package org.crmconnector.crm.genericrest.template;

import static org.crmconnector.crm.genericrest.template.VariableType.BOOLEAN;
import static org.crmconnector.crm.genericrest.template.VariableType.NUMBER;
import static org.crmconnector.crm.genericrest.template.VariableType.TEXT;
import static org.crmconnector.crm.genericrest.template.VariableType.TIME;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

import org.crmconnector.crm.InteractionLog;
import org.crmconnector.interaction.Cav;
import org.crmconnector.interaction.CrmObject;
import org.crmconnector.interaction.Interaction;

/**
 * The documented, fixed variable set (see README.md, "Variables") and how an
 * {@link Interaction} fills it. Every field of seed 001's interaction log has
 * a variable here.
 */
public final class Variables {

    /** Variables of every template that is built from an interaction. */
    public static final VariableCatalog INTERACTION = VariableCatalog.empty()
            // addresses
            .with("ani", TEXT).with("dnis", TEXT).with("callerNumber", TEXT).with("callerName", TEXT)
            .with("destinationAddress", TEXT).with("updatedOriginatingAddress", TEXT)
            .with("updatedDestinationAddress", TEXT)
            // identity
            .with("tenantId", TEXT).with("interactionId", TEXT).with("legId", NUMBER).with("key", TEXT)
            .with("ucid", TEXT).with("agentId", TEXT).with("resourceAddress", TEXT).with("partnerId", TEXT)
            .with("interactionOrigin", TEXT)
            // classification
            .with("channel", TEXT).with("direction", TEXT).with("interactionType", TEXT).with("state", TEXT)
            .with("transfer", BOOLEAN).with("conference", BOOLEAN).with("priority", NUMBER).with("language", TEXT)
            // routing
            .with("topicId", TEXT).with("topicName", TEXT).with("skillId", TEXT).with("skillName", TEXT)
            .with("uui", TEXT).with("asaiUui", TEXT)
            // timing
            .with("startTime", TIME).with("startTimeOffset", TEXT).with("startDate", TEXT).with("startEpochMillis", NUMBER)
            .with("establishedTime", TIME).with("endTime", TIME).with("endEpochMillis", NUMBER)
            .with("finishedTime", TIME).with("durationSeconds", NUMBER).with("durationMillis", NUMBER)
            .with("durationMinSec", TEXT).with("acwDurationSeconds", NUMBER).with("now", TIME)
            // wrap-up
            .with("subject", TEXT).with("notes", TEXT).with("comments", TEXT).with("disposition", TEXT)
            .with("finishReason", TEXT)
            .with("workCodes", TEXT)
            // CRM objects chosen or found
            .with("nameId", TEXT).with("nameType", TEXT).with("nameName", TEXT)
            .with("relatedToId", TEXT).with("relatedToType", TEXT).with("relatedToName", TEXT)
            // email drafts
            .with("draftId", TEXT).with("draftSavedSuccessfully", BOOLEAN).with("emailDraftBody", TEXT)
            .with("lastUpdatedAt", TIME).with("lastUpdatedBy", TEXT).with("transferredBy", TEXT)
            // delivery context
            .with("trigger", TEXT).with("recordId", TEXT).with("recordType", TEXT)
            // the agent's CRM user (log templates; empty elsewhere and for agents without one)
            .with("ownerId", TEXT)
            // data named by the interaction
            .withNamespace("cav").withNamespace("engagement").withNamespace("custom").withNamespace("attribute")
            .withNamespace("softphone").withNamespace("setting").withNamespace("data");

    /** Screen-pop URL and title templates: the interaction plus what the lookup found. */
    public static final VariableCatalog POP = INTERACTION
            .with("recordName", TEXT).with("recordUrl", TEXT).with("matchCount", NUMBER);

    /** The record URL template of lookup results: the pop variables plus the record's own top-level fields. */
    public static final VariableCatalog RECORD_URL = POP.withNamespace("record");

    /** The record name template of lookup results: the record's fields, its id and type. */
    public static final VariableCatalog RECORD_NAME = VariableCatalog.empty().with("recordId", TEXT)
            .with("recordType", TEXT).withNamespace("record");

    /** The owner lookup: one agent. */
    public static final VariableCatalog OWNER = VariableCatalog.empty()
            .with("agentId", TEXT).with("email", TEXT).with("now", TIME);

    /** After-call additions: the addition and the record its interaction's log wrote. */
    public static final VariableCatalog ADDITION = VariableCatalog.empty()
            .with("tenantId", TEXT).with("interactionId", TEXT).with("legId", NUMBER).with("recordId", TEXT)
            .with("recordType", TEXT).with("additionKind", TEXT).with("additionUrl", TEXT).with("additionText", TEXT)
            .with("additionKey", TEXT).with("now", TIME);

    /** Free-text search (no interaction). */
    public static final VariableCatalog SEARCH = VariableCatalog.empty()
            .with("searchText", TEXT).with("limit", NUMBER).with("tenantId", TEXT).with("now", TIME);

    private static final DateTimeFormatter SECONDS_WITH_OFFSET = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");

    private Variables() {
    }

    /** The values of {@link #INTERACTION} for this interaction (which may be null: all missing then). */
    public static Values of(Interaction in, Clock clock) {
        Values v = new Values();
        v.put("now", Instant.now(clock));
        if (in == null) {
            return v;
        }
        v.put("ani", in.ani()).put("dnis", in.dnisForLookup()).put("callerNumber", in.callerNumber)
                .put("callerName", in.callerName).put("destinationAddress", in.destinationAddress)
                .put("updatedOriginatingAddress", in.updatedOriginatingAddress)
                .put("updatedDestinationAddress", in.updatedDestinationAddress);
        v.put("tenantId", in.tenantId).put("interactionId", in.interactionId).put("legId", (long) in.legId)
                // scoped by the tenant: tenants sharing this instance choose interaction ids independently
                .put("key", in.interactionId == null ? null : new InteractionLog(in, null).tenantKey())
                .put("ucid", in.ucid).put("agentId", in.agentId).put("resourceAddress", in.resourceAddress)
                .put("partnerId", in.partnerId).put("interactionOrigin", in.interactionOrigin);
        v.put("channel", lower(in.channel)).put("direction", lower(in.direction))
                .put("interactionType", lower(in.interactionType)).put("state", lower(in.state))
                .put("transfer", in.transfer).put("conference", in.conference)
                .put("priority", in.priority == null ? null : (long) in.priority).put("language", in.language);
        v.put("topicId", in.topicId).put("topicName", in.topicName).put("skillId", in.skillId)
                .put("skillName", in.skillName).put("uui", in.uui).put("asaiUui", in.asaiUui);
        v.put("startTime", in.startTime).put("establishedTime", in.establishedTime).put("endTime", in.endTime)
                .put("finishedTime", in.finishedTime).put("durationSeconds", in.durationSeconds)
                .put("acwDurationSeconds", in.acwDurationSeconds).put("lastUpdatedAt", in.lastUpdatedAt);
        if (in.startTime != null) {
            v.put("startDate", in.startTime.atOffset(ZoneOffset.UTC).toLocalDate().toString());
            // some CRMs (Zoho) want a numeric offset instead of "Z"
            v.put("startTimeOffset", SECONDS_WITH_OFFSET.format(in.startTime.atOffset(ZoneOffset.UTC)));
            v.put("startEpochMillis", in.startTime.toEpochMilli());
        }
        if (in.endTime != null) {
            v.put("endEpochMillis", in.endTime.toEpochMilli());
        }
        if (in.durationSeconds != null) {
            long s = in.durationSeconds;
            v.put("durationMillis", s * 1000);
            v.put("durationMinSec", String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60));
        }
        v.put("subject", in.subject).put("notes", in.comments).put("comments", in.comments)
                .put("disposition", in.dispositionCode)
                .put("finishReason", in.finishReason)
                .put("workCodes", in.workCodes == null || in.workCodes.isEmpty() ? null : String.join(",", in.workCodes));
        CrmObject name = in.selectedName != null ? in.selectedName
                : in.searchResults != null && in.searchResults.size() == 1 ? in.searchResults.get(0) : null;
        if (name != null) {
            v.put("nameId", name.id).put("nameType", name.label).put("nameName", name.name);
        }
        if (in.selectedRelatedTo != null) {
            v.put("relatedToId", in.selectedRelatedTo.id).put("relatedToType", in.selectedRelatedTo.label)
                    .put("relatedToName", in.selectedRelatedTo.name);
        }
        v.put("draftId", in.draftId).put("draftSavedSuccessfully", in.draftSavedSuccessfully)
                .put("emailDraftBody", in.emailDraftBody).put("lastUpdatedBy", in.lastUpdatedBy)
                .put("transferredBy", in.transferredBy);
        if (in.cavs != null) {
            for (Cav cav : in.cavs) {
                if (cav != null && cav.name != null) {
                    // both "name" and "group.name" address a CAV; the first of a name wins
                    v.putIn("cav", cav.name, cav.value);
                    if (cav.group != null && !cav.group.isEmpty()) {
                        v.putIn("cav", cav.group + "." + cav.name, cav.value);
                    }
                }
            }
        }
        putAll(v, "engagement", in.engagementParameters);
        putAll(v, "custom", in.customFields);
        putAll(v, "attribute", in.attributes);
        putAll(v, "softphone", in.softphoneData);
        putAll(v, "setting", in.settings);
        return v;
    }

    private static void putAll(Values v, String namespace, Map<String, ?> map) {
        if (map != null) {
            map.forEach((k, value) -> v.putIn(namespace, k, value));
        }
    }

    private static String lower(Enum<?> e) {
        return e == null ? null : e.name().toLowerCase(Locale.ROOT);
    }

    /** Values that make every variable of a catalog non-empty, to check a URL template when it is saved. */
    public static Values samples(VariableCatalog catalog) {
        Values v = new Values();
        for (String name : catalog.names()) {
            v.put(name, "x");
        }
        return v;
    }
}
