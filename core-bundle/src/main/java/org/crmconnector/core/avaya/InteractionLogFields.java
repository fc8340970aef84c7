package org.crmconnector.core.avaya;

import static org.crmconnector.core.avaya.MemberNames.normalise;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;

import org.crmconnector.interaction.Channel;
import org.crmconnector.interaction.Direction;
import org.crmconnector.interaction.Interaction;
import org.crmconnector.interaction.InteractionType;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Seed 001's table of interaction-log fields: the names each arrives under in
 * AXP, Elite Voice and the seed's own example, and where it goes in the
 * {@link Interaction}. Each field is mapped on its own, so a best-effort run
 * leaves out only the fields that do not fit.
 */
final class InteractionLogFields {

    static final LogField INTERACTION_ID = LogField.of("interactionId");
    static final LogField UCID = LogField.of("ucid", "universalCallId");
    static final LogField AGENT_ID = LogField.of("agentId");
    static final LogField RESOURCE_ADDRESS = LogField.of("resourceAddress", "stationId", "station");
    static final LogField INTERACTION_ORIGIN = LogField.of("interactionOrigin");
    static final LogField CHANNEL = LogField.of("channel", "channelType", "mediaType");
    static final LogField DIRECTION = LogField.of("direction", "callDirection");
    static final LogField INTERACTION_TYPE = LogField.of("interactionType");
    static final LogField IS_TRANSFER = LogField.of("isTransfer", "isTransferInteraction", "transferInteraction");
    static final LogField IS_CONFERENCE = LogField.of("isConference", "isConferenceInteraction",
            "conferenceInteraction");
    static final LogField PRIORITY = LogField.of("priority");
    static final LogField CALLER_NUMBER = LogField.of("callerNumber", "originatingAddress", "ani", "callingNumber");
    static final LogField CALLER_NAME = LogField.of("callerName", "originatingName");
    static final LogField DNIS = LogField.of("dnis", "calledNumber");
    static final LogField DESTINATION_ADDRESS = LogField.of("destinationAddress");
    static final LogField UPDATED_ORIGINATING_ADDRESS = LogField.of("updatedOriginatingAddress");
    static final LogField UPDATED_DESTINATION_ADDRESS = LogField.of("updatedDestinationAddress");
    static final LogField TOPIC_ID = LogField.of("topicId", "queueNumber", "queueId");
    static final LogField TOPIC_NAME = LogField.of("topicName", "queueName");
    static final LogField SKILL_ID = LogField.of("skillId", "skillNumber");
    static final LogField SKILL_NAME = LogField.of("skillName");
    static final LogField UUI = LogField.of("uui", "userToUserInformation");
    static final LogField ASAI_UUI = LogField.of("asaiUui");
    static final LogField ATTRIBUTES = LogField.of("attributes");
    static final LogField ENGAGEMENT_PARAMETERS = LogField.of("engagementParameters");
    static final LogField CUSTOM_FIELDS = LogField.of("customFields");
    static final LogField SETTINGS = LogField.of("settings");
    static final LogField CAVS = LogField.of("cavs", "callAttachedVariables");
    static final LogField START_DATE = LogField.of("startDate");
    static final LogField START_TIME = LogField.of("startTime", "startTimestamp");
    static final LogField ESTABLISHED_TIME = LogField.of("establishedTime", "establishedTimestamp");
    static final LogField END_DATE = LogField.of("endDate");
    static final LogField END_TIME = LogField.of("endTime", "endTimestamp");
    static final LogField DURATION = LogField.of("duration", "talkDuration", "durationSeconds");
    static final LogField ACW_DURATION = LogField.of("acwDuration", "afterContactWorkDuration", "acwTime");
    static final LogField SUBJECT = LogField.of("subject");
    static final LogField COMMENTS = LogField.of("comments", "notes");
    static final LogField DISPOSITION_CODE = LogField.of("dispositionCode", "disposition");
    static final LogField WORK_CODES = LogField.of("workCodes");
    static final LogField NAME_OPTIONS = LogField.of("nameOptions");
    static final LogField RELATED_TO_OPTIONS = LogField.of("relatedToOptions");
    static final LogField NAME_ID = LogField.of("nameId", "whoId");
    static final LogField RELATED_TO_ID = LogField.of("relatedToId", "whatId");
    static final LogField DRAFT_ID = LogField.of("draftId");
    static final LogField DRAFT_SAVED = LogField.of("draftSavedSuccessfully");
    static final LogField EMAIL_DRAFT_BODY = LogField.of("emailDraftBody", "draftBody");
    static final LogField DRAFT_ATTACHMENTS = LogField.of("draftAttachments");
    static final LogField LAST_UPDATED_AT = LogField.of("lastUpdatedAt");
    static final LogField LAST_UPDATED_BY = LogField.of("lastUpdatedBy");
    static final LogField TRANSFERRED_BY = LogField.of("transferredBy");

    private static final Map<String, Channel> CHANNELS = Map.of("voice", Channel.VOICE, "call", Channel.VOICE,
            "phone", Channel.VOICE, "chat", Channel.CHAT, "webchat", Channel.CHAT, "email", Channel.EMAIL,
            "mail", Channel.EMAIL, "messaging", Channel.SOCIAL, "social", Channel.SOCIAL, "sms", Channel.SOCIAL);
    private static final Map<String, Direction> DIRECTIONS = Map.of("inbound", Direction.INBOUND, "incoming",
            Direction.INBOUND, "outbound", Direction.OUTBOUND, "outgoing", Direction.OUTBOUND, "internal",
            Direction.INTERNAL);
    private static final Map<String, InteractionType> TYPES = Map.of("called", InteractionType.CALLED,
            "transferred", InteractionType.TRANSFERRED, "transfer", InteractionType.TRANSFERRED, "conferenced",
            InteractionType.CONFERENCED, "conference", InteractionType.CONFERENCED);

    private final MappingRun run;
    private final BodyScopes scopes;
    private final ValueCoercions values;
    private final CollectionCoercions collections;
    private final CrmObjectCoercions crmObjects;
    private final InteractionTimes times;

    InteractionLogFields(BodyScopes scopes, ValueCoercions values) {
        this.run = values.run();
        this.scopes = scopes;
        this.values = values;
        this.collections = new CollectionCoercions(values);
        this.crmObjects = new CrmObjectCoercions(values);
        this.times = new InteractionTimes(scopes, values);
    }

    /** Maps every field but the interaction id, whose rules differ between the two messages. */
    void fill(Interaction i) {
        run.apply(() -> i.ucid = read(UCID, values::text));
        run.apply(() -> i.agentId = read(AGENT_ID, values::text));
        run.apply(() -> i.resourceAddress = read(RESOURCE_ADDRESS, values::text));
        run.apply(() -> i.interactionOrigin = read(INTERACTION_ORIGIN, collections::origin));
        run.apply(() -> setIfPresent(read(CHANNEL,
                (l, v) -> values.choice(l, v, CHANNELS, "Voice, Chat, Email, Messaging, Social")),
                v -> i.channel = v));
        run.apply(() -> setIfPresent(read(DIRECTION,
                (l, v) -> values.choice(l, v, DIRECTIONS, "Inbound, Outbound, Internal")),
                v -> i.direction = v));
        Boolean[] flags = new Boolean[2];
        run.apply(() -> flags[0] = read(IS_TRANSFER, values::bool));
        run.apply(() -> flags[1] = read(IS_CONFERENCE, values::bool));
        InteractionType[] type = new InteractionType[1];
        run.apply(() -> type[0] = read(INTERACTION_TYPE,
                (l, v) -> values.choice(l, v, TYPES, "Called, Transferred, Conferenced")));
        // The flags and the type say the same thing twice; either alone is enough.
        i.transfer = flags[0] != null ? flags[0] : type[0] == InteractionType.TRANSFERRED;
        i.conference = flags[1] != null ? flags[1] : type[0] == InteractionType.CONFERENCED;
        if (type[0] != null) {
            i.interactionType = type[0];
        } else if (i.conference) {
            i.interactionType = InteractionType.CONFERENCED;
        } else if (i.transfer) {
            i.interactionType = InteractionType.TRANSFERRED;
        }
        run.apply(() -> i.priority = read(PRIORITY, values::integer));

        run.apply(() -> i.callerNumber = read(CALLER_NUMBER, values::text));
        run.apply(() -> i.callerName = read(CALLER_NAME, values::text));
        run.apply(() -> i.dnis = read(DNIS, values::text));
        run.apply(() -> i.destinationAddress = read(DESTINATION_ADDRESS, values::text));
        run.apply(() -> i.updatedOriginatingAddress = read(UPDATED_ORIGINATING_ADDRESS, values::text));
        run.apply(() -> i.updatedDestinationAddress = read(UPDATED_DESTINATION_ADDRESS, values::text));

        run.apply(() -> i.topicId = read(TOPIC_ID, values::text));
        run.apply(() -> i.topicName = read(TOPIC_NAME, values::text));
        run.apply(() -> i.skillId = read(SKILL_ID, values::text));
        run.apply(() -> i.skillName = read(SKILL_NAME, values::text));
        run.apply(() -> i.uui = read(UUI, values::text));
        run.apply(() -> i.asaiUui = read(ASAI_UUI, values::text));

        run.apply(() -> i.attributes.putAll(read(ATTRIBUTES, collections::stringMap, Map.of())));
        i.attributes.entrySet().stream().filter(e -> normalise(e.getKey()).equals("language")).findFirst()
                .ifPresent(e -> i.language = e.getValue());
        run.apply(() -> i.engagementParameters.putAll(read(ENGAGEMENT_PARAMETERS, collections::objectMap,
                Map.of())));
        run.apply(() -> i.customFields.putAll(read(CUSTOM_FIELDS, collections::objectMap, Map.of())));
        run.apply(() -> i.settings.putAll(read(SETTINGS, collections::boolMap, Map.of())));
        run.apply(() -> i.cavs.addAll(read(CAVS, collections::cavs, List.of())));

        run.apply(() -> times.fill(i));
        run.apply(() -> i.acwDurationSeconds = read(ACW_DURATION, values::seconds));

        run.apply(() -> i.subject = read(SUBJECT, values::text));
        run.apply(() -> i.comments = read(COMMENTS, values::text));
        run.apply(() -> i.dispositionCode = read(DISPOSITION_CODE, values::code));
        run.apply(() -> i.workCodes.addAll(read(WORK_CODES, collections::workCodes, List.of())));

        run.apply(() -> i.nameOptions.addAll(read(NAME_OPTIONS, (l, v) -> crmObjects.options(l, v, true),
                List.of())));
        run.apply(() -> i.relatedToOptions.addAll(read(RELATED_TO_OPTIONS,
                (l, v) -> crmObjects.options(l, v, false), List.of())));
        run.apply(() -> i.selectedName = read(NAME_ID,
                (l, v) -> crmObjects.selected(l, v, i.nameOptions, true)));
        run.apply(() -> i.selectedRelatedTo = read(RELATED_TO_ID,
                (l, v) -> crmObjects.selected(l, v, i.relatedToOptions, false)));

        run.apply(() -> i.draftId = read(DRAFT_ID, values::text));
        run.apply(() -> i.draftSavedSuccessfully = read(DRAFT_SAVED, values::bool));
        run.apply(() -> i.emailDraftBody = read(EMAIL_DRAFT_BODY, values::text));
        run.apply(() -> i.draftAttachments.addAll(read(DRAFT_ATTACHMENTS, collections::attachments, List.of())));
        run.apply(() -> i.lastUpdatedBy = read(LAST_UPDATED_BY, values::text));
        run.apply(() -> i.transferredBy = read(TRANSFERRED_BY, values::text));
    }

    /** The interaction id from the first scope that has it, trimmed; null when none has it. */
    String interactionId() {
        String id = read(INTERACTION_ID, values::text);
        return id == null ? null : id.trim();
    }

    private <T> T read(LogField f, BiFunction<FieldLocation, JsonNode, T> coercion) {
        return read(f, coercion, null);
    }

    /** The field from the first scope that has it, coerced; {@code absent} when no scope has it. */
    private <T> T read(LogField f, BiFunction<FieldLocation, JsonNode, T> coercion, T absent) {
        FieldHit h = scopes.find(f);
        return h == null ? absent : coercion.apply(h.location(), h.value());
    }

    private static <T> void setIfPresent(T value, Consumer<T> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }
}
