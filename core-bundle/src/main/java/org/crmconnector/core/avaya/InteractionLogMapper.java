package org.crmconnector.core.avaya;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.crmconnector.interaction.Cav;
import org.crmconnector.interaction.Channel;
import org.crmconnector.interaction.CrmObject;
import org.crmconnector.interaction.Direction;
import org.crmconnector.interaction.Interaction;
import org.crmconnector.interaction.InteractionType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * Maps the Avaya CRM Connector's {@code requestSaveInteractionLog} (seed 001)
 * and {@code requestPerformInteractionScreenPop} (seed 000) payloads onto the
 * interaction model.
 * <p>
 * The connector sends "the entire interaction body" and its shape differs
 * between AXP and Elite Voice, so every table field is looked up, in order, in
 * the body, {@code body.interactionData}, {@code body.interactionData.interaction}
 * and its {@code intrinsics}, by normalised name (case, {@code _}, {@code -} and
 * spaces ignored) and known synonyms. Unknown members are ignored. A known
 * field of the wrong type, a string over the length limit or an array over the
 * size limit is an {@link IllegalArgumentException} naming the field, so the
 * HTTP layer can answer 400.
 * <p>
 * Instances are immutable and thread-safe.
 */
public final class InteractionLogMapper {

    public static final String SAVE_INTERACTION_LOG = "requestSaveInteractionLog";
    public static final String PERFORM_SCREEN_POP = "requestPerformInteractionScreenPop";
    public static final int DEFAULT_MAX_STRING_LENGTH = 32_000;
    public static final int DEFAULT_MAX_ARRAY_LENGTH = 1_000;

    private static final Logger LOG = LoggerFactory.getLogger(InteractionLogMapper.class);

    /** Free-form values (custom fields, engagement parameters) deeper than this are refused: recursion guard. */
    private static final int MAX_DEPTH = 32;
    /** Anything longer cannot be a timestamp; refusing early keeps the parsers off huge input. */
    private static final int MAX_TIMESTAMP_LENGTH = 64;
    private static final BigDecimal MAX_SECONDS = BigDecimal.valueOf(Integer.MAX_VALUE);

    private static final Pattern DIGITS = Pattern.compile("-?\\d{1,18}");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?\\d{1,15}(\\.\\d{1,9})?");
    private static final Pattern CLOCK = Pattern.compile("(?:(\\d{1,3}):)?(\\d{1,2}):(\\d{1,2})");
    private static final Pattern SPACED_DATE_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d.*");
    private static final DateTimeFormatter SLASHED_DATE = DateTimeFormatter.ofPattern("uuuu/MM/dd");
    private static final DateTimeFormatter AM_PM_TIME = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("h:mm[:ss] a").toFormatter(Locale.ROOT);

    // Seed 001's table, with the names AXP, Elite Voice and the seed's own example use.
    private static final Field INTERACTION_ID = field("interactionId");
    private static final Field UCID = field("ucid", "universalCallId");
    private static final Field AGENT_ID = field("agentId");
    private static final Field RESOURCE_ADDRESS = field("resourceAddress", "stationId", "station");
    private static final Field INTERACTION_ORIGIN = field("interactionOrigin");
    private static final Field CHANNEL = field("channel", "channelType", "mediaType");
    private static final Field DIRECTION = field("direction", "callDirection");
    private static final Field INTERACTION_TYPE = field("interactionType");
    private static final Field IS_TRANSFER = field("isTransfer", "isTransferInteraction", "transferInteraction");
    private static final Field IS_CONFERENCE = field("isConference", "isConferenceInteraction",
            "conferenceInteraction");
    private static final Field PRIORITY = field("priority");
    private static final Field CALLER_NUMBER = field("callerNumber", "originatingAddress", "ani", "callingNumber");
    private static final Field CALLER_NAME = field("callerName", "originatingName");
    private static final Field DNIS = field("dnis", "calledNumber");
    private static final Field DESTINATION_ADDRESS = field("destinationAddress");
    private static final Field UPDATED_ORIGINATING_ADDRESS = field("updatedOriginatingAddress");
    private static final Field UPDATED_DESTINATION_ADDRESS = field("updatedDestinationAddress");
    private static final Field TOPIC_ID = field("topicId", "queueNumber", "queueId");
    private static final Field TOPIC_NAME = field("topicName", "queueName");
    private static final Field SKILL_ID = field("skillId", "skillNumber");
    private static final Field SKILL_NAME = field("skillName");
    private static final Field UUI = field("uui", "userToUserInformation");
    private static final Field ASAI_UUI = field("asaiUui");
    private static final Field ATTRIBUTES = field("attributes");
    private static final Field ENGAGEMENT_PARAMETERS = field("engagementParameters");
    private static final Field CUSTOM_FIELDS = field("customFields");
    private static final Field SETTINGS = field("settings");
    private static final Field CAVS = field("cavs", "callAttachedVariables");
    private static final Field START_DATE = field("startDate");
    private static final Field START_TIME = field("startTime", "startTimestamp");
    private static final Field ESTABLISHED_TIME = field("establishedTime", "establishedTimestamp");
    private static final Field END_DATE = field("endDate");
    private static final Field END_TIME = field("endTime", "endTimestamp");
    private static final Field DURATION = field("duration", "talkDuration", "durationSeconds");
    private static final Field ACW_DURATION = field("acwDuration", "afterContactWorkDuration", "acwTime");
    private static final Field SUBJECT = field("subject");
    private static final Field COMMENTS = field("comments", "notes");
    private static final Field DISPOSITION_CODE = field("dispositionCode", "disposition");
    private static final Field WORK_CODES = field("workCodes");
    private static final Field NAME_OPTIONS = field("nameOptions");
    private static final Field RELATED_TO_OPTIONS = field("relatedToOptions");
    private static final Field NAME_ID = field("nameId", "whoId");
    private static final Field RELATED_TO_ID = field("relatedToId", "whatId");
    private static final Field DRAFT_ID = field("draftId");
    private static final Field DRAFT_SAVED = field("draftSavedSuccessfully");
    private static final Field EMAIL_DRAFT_BODY = field("emailDraftBody", "draftBody");
    private static final Field DRAFT_ATTACHMENTS = field("draftAttachments");
    private static final Field LAST_UPDATED_AT = field("lastUpdatedAt");
    private static final Field LAST_UPDATED_BY = field("lastUpdatedBy");
    private static final Field TRANSFERRED_BY = field("transferredBy");

    private static final Map<String, Channel> CHANNELS = Map.of("voice", Channel.VOICE, "call", Channel.VOICE,
            "phone", Channel.VOICE, "chat", Channel.CHAT, "webchat", Channel.CHAT, "email", Channel.EMAIL,
            "mail", Channel.EMAIL, "messaging", Channel.SOCIAL, "social", Channel.SOCIAL, "sms", Channel.SOCIAL);
    private static final Map<String, Direction> DIRECTIONS = Map.of("inbound", Direction.INBOUND, "incoming",
            Direction.INBOUND, "outbound", Direction.OUTBOUND, "outgoing", Direction.OUTBOUND, "internal",
            Direction.INTERNAL);
    private static final Map<String, InteractionType> TYPES = Map.of("called", InteractionType.CALLED,
            "transferred", InteractionType.TRANSFERRED, "transfer", InteractionType.TRANSFERRED, "conferenced",
            InteractionType.CONFERENCED, "conference", InteractionType.CONFERENCED);

    private final int maxStringLength;
    private final int maxArrayLength;

    public InteractionLogMapper() {
        this(DEFAULT_MAX_STRING_LENGTH, DEFAULT_MAX_ARRAY_LENGTH);
    }

    /** Limits apply to every string and to every array or map of a known field, nested ones included. */
    public InteractionLogMapper(int maxStringLength, int maxArrayLength) {
        if (maxStringLength < 1 || maxArrayLength < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
        this.maxStringLength = maxStringLength;
        this.maxArrayLength = maxArrayLength;
    }

    /**
     * Maps the {@code data} member of a {@code requestSaveInteractionLog} message.
     * The body may sit at {@code data.message.body} (the seed's example),
     * {@code data.body} or be {@code data} itself. {@code interactionId} is required.
     *
     * @throws IllegalArgumentException naming the field that is missing, of the wrong type or too large
     */
    public Interaction map(JsonNode data) {
        Ctx c = new Ctx(SAVE_INTERACTION_LOG, "", true);
        JsonNode body = c.body(data);
        c.scopes(body);
        Hit id = c.find(INTERACTION_ID);
        String interactionId = id == null ? null : c.text(c.loc(id), id.value).trim();
        if (interactionId == null || interactionId.isEmpty()) {
            throw c.fail(new Loc("interactionId", null), "is missing");
        }
        Interaction i = new Interaction();
        i.interactionId = interactionId;
        fill(c, i);
        return i;
    }

    /**
     * Parses the {@code data} member of a {@code requestPerformInteractionScreenPop}
     * message: {@code {aniValues, dnisValues, interactionData, allowScreenPop}}.
     * The envelope is checked strictly; {@code interactionData} is mapped best
     * effort (a member of the wrong type is left out, size limits still apply),
     * because a pop on the caller's number is worth more than a perfect snapshot.
     *
     * @throws IllegalArgumentException naming the field when the envelope is malformed or a limit is exceeded
     */
    public ScreenPopMessage parseScreenPop(JsonNode data) {
        Ctx env = new Ctx(PERFORM_SCREEN_POP, "", true);
        if (data == null || !data.isObject()) {
            throw env.fail(new Loc("data", null), "must be an object, not " + kind(data));
        }
        List<String> anis = env.stringList(new Loc("aniValues", null), member(data, "aniValues"));
        List<String> dnises = env.stringList(new Loc("dnisValues", null), member(data, "dnisValues"));
        JsonNode allow = member(data, "allowScreenPop");
        if (allow != null && !allow.isBoolean()) {
            throw env.fail(new Loc("allowScreenPop", null), "must be true or false, not " + show(allow));
        }
        JsonNode given = member(data, "interactionData");
        if (given != null && !given.isObject()) {
            throw env.fail(new Loc("interactionData", null), "must be an object, not " + kind(given));
        }
        JsonNode interactionData = given == null ? JsonNodeFactory.instance.objectNode() : given;

        Ctx c = new Ctx(PERFORM_SCREEN_POP, "interactionData.", false);
        c.scopes(interactionData);
        Interaction interaction = new Interaction();
        fill(c, interaction);
        String interactionId = c.lenient(() -> {
            JsonNode own = member(interactionData, "interactionId", "id");
            if (own != null) {
                return c.text(new Loc("interactionId", null), own).trim();
            }
            Hit h = c.find(INTERACTION_ID);
            return h == null ? null : c.text(c.loc(h), h.value).trim();
        });
        interaction.interactionId = interactionId == null || interactionId.isEmpty() ? null : interactionId;
        if (!c.skipped.isEmpty()) {
            LOG.debug("{}: left out of the interaction: {}", PERFORM_SCREEN_POP, c.skipped);
        }
        String ani = anis.isEmpty() ? interaction.ani() : anis.get(0);
        String dnis = dnises.isEmpty() ? interaction.dnisForLookup() : dnises.get(0);
        return new ScreenPopMessage(ani, dnis, interaction.interactionId, allow == null || allow.booleanValue(),
                attachedData(c, interactionData), interaction);
    }

    private void fill(Ctx c, Interaction i) {
        c.apply(() -> i.ucid = c.string(UCID));
        c.apply(() -> i.agentId = c.string(AGENT_ID));
        c.apply(() -> i.resourceAddress = c.string(RESOURCE_ADDRESS));
        c.apply(() -> i.interactionOrigin = c.origin(INTERACTION_ORIGIN));
        c.apply(() -> setIfPresent(c.choice(CHANNEL, CHANNELS, "Voice, Chat, Email, Messaging, Social"),
                v -> i.channel = v));
        c.apply(() -> setIfPresent(c.choice(DIRECTION, DIRECTIONS, "Inbound, Outbound, Internal"),
                v -> i.direction = v));
        Boolean[] flags = new Boolean[2];
        c.apply(() -> flags[0] = c.bool(IS_TRANSFER));
        c.apply(() -> flags[1] = c.bool(IS_CONFERENCE));
        InteractionType[] type = new InteractionType[1];
        c.apply(() -> type[0] = c.choice(INTERACTION_TYPE, TYPES, "Called, Transferred, Conferenced"));
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
        c.apply(() -> i.priority = c.integer(PRIORITY));

        c.apply(() -> i.callerNumber = c.string(CALLER_NUMBER));
        c.apply(() -> i.callerName = c.string(CALLER_NAME));
        c.apply(() -> i.dnis = c.string(DNIS));
        c.apply(() -> i.destinationAddress = c.string(DESTINATION_ADDRESS));
        c.apply(() -> i.updatedOriginatingAddress = c.string(UPDATED_ORIGINATING_ADDRESS));
        c.apply(() -> i.updatedDestinationAddress = c.string(UPDATED_DESTINATION_ADDRESS));

        c.apply(() -> i.topicId = c.string(TOPIC_ID));
        c.apply(() -> i.topicName = c.string(TOPIC_NAME));
        c.apply(() -> i.skillId = c.string(SKILL_ID));
        c.apply(() -> i.skillName = c.string(SKILL_NAME));
        c.apply(() -> i.uui = c.string(UUI));
        c.apply(() -> i.asaiUui = c.string(ASAI_UUI));

        c.apply(() -> i.attributes.putAll(c.stringMap(ATTRIBUTES)));
        i.attributes.entrySet().stream().filter(e -> normalise(e.getKey()).equals("language")).findFirst()
                .ifPresent(e -> i.language = e.getValue());
        c.apply(() -> i.engagementParameters.putAll(c.objectMap(ENGAGEMENT_PARAMETERS)));
        c.apply(() -> i.customFields.putAll(c.objectMap(CUSTOM_FIELDS)));
        c.apply(() -> i.settings.putAll(c.boolMap(SETTINGS)));
        c.apply(() -> i.cavs.addAll(c.cavs(CAVS)));

        c.apply(() -> c.times(i));
        c.apply(() -> i.acwDurationSeconds = c.seconds(ACW_DURATION));

        c.apply(() -> i.subject = c.string(SUBJECT));
        c.apply(() -> i.comments = c.string(COMMENTS));
        c.apply(() -> i.dispositionCode = c.code(DISPOSITION_CODE));
        c.apply(() -> i.workCodes.addAll(c.workCodes(WORK_CODES)));

        c.apply(() -> i.nameOptions.addAll(c.options(NAME_OPTIONS, true)));
        c.apply(() -> i.relatedToOptions.addAll(c.options(RELATED_TO_OPTIONS, false)));
        c.apply(() -> i.selectedName = c.selected(NAME_ID, i.nameOptions, true));
        c.apply(() -> i.selectedRelatedTo = c.selected(RELATED_TO_ID, i.relatedToOptions, false));

        c.apply(() -> i.draftId = c.string(DRAFT_ID));
        c.apply(() -> i.draftSavedSuccessfully = c.bool(DRAFT_SAVED));
        c.apply(() -> i.emailDraftBody = c.string(EMAIL_DRAFT_BODY));
        c.apply(() -> i.draftAttachments.addAll(c.attachments(DRAFT_ATTACHMENTS)));
        c.apply(() -> i.lastUpdatedBy = c.string(LAST_UPDATED_BY));
        c.apply(() -> i.transferredBy = c.string(TRANSFERRED_BY));
    }

    private Map<String, String> attachedData(Ctx c, JsonNode interactionData) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : interactionData.properties()) {
            JsonNode v = e.getValue();
            if (v.isObject()) {
                for (Map.Entry<String, JsonNode> inner : v.properties()) {
                    putScalar(c, out, e.getKey() + "." + inner.getKey(), inner.getValue(), false);
                }
            } else {
                putScalar(c, out, e.getKey(), v, false);
            }
        }
        // Intrinsics by their own names, as rules and adapters search by them; the members above win.
        if (c.intrinsics != null) {
            for (Map.Entry<String, JsonNode> e : c.intrinsics.properties()) {
                putScalar(c, out, e.getKey(), e.getValue(), true);
            }
        }
        return out;
    }

    private void putScalar(Ctx c, Map<String, String> out, String key, JsonNode v, boolean ifAbsent) {
        if (!v.isValueNode() || v.isNull() || (ifAbsent && out.containsKey(key))) {
            return;
        }
        if (out.size() >= maxArrayLength) {
            throw c.limit(new Loc("", null), "has more than " + maxArrayLength + " attached values");
        }
        out.put(key, c.bounded(new Loc(key, null), v.asText()));
    }

    private static <T> void setIfPresent(T value, Consumer<T> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }

    /** Lower case without {@code _}, {@code -} and spaces: {@code ACW_DURATION} and {@code acwDuration} meet. */
    static String normalise(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        for (int k = 0; k < name.length(); k++) {
            char ch = name.charAt(k);
            if (ch != '_' && ch != '-' && ch != ' ') {
                sb.append(Character.toLowerCase(ch));
            }
        }
        return sb.toString();
    }

    /** The first non-null member of a small object by normalised name, keys in order of preference. */
    private static JsonNode member(JsonNode object, String... keys) {
        for (String key : keys) {
            String wanted = normalise(key);
            for (Map.Entry<String, JsonNode> e : object.properties()) {
                if (!e.getValue().isNull() && normalise(e.getKey()).equals(wanted)) {
                    return e.getValue();
                }
            }
        }
        return null;
    }

    private static String kind(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return "null";
        }
        if (v.isObject()) {
            return "an object";
        }
        if (v.isArray()) {
            return "an array";
        }
        if (v.isBoolean()) {
            return "a boolean";
        }
        if (v.isNumber()) {
            return "a number";
        }
        return "a string";
    }

    /** The value for an error message: short and printable, as it ends up in logs and HTTP responses. */
    private static String show(JsonNode v) {
        if (v == null || !v.isValueNode() || v.isNull()) {
            return kind(v);
        }
        String s = v.asText();
        String cut = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        String printable = cut.codePoints().map(ch -> Character.isISOControl(ch) ? '?' : ch)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return v.isTextual() ? "'" + printable + "'" : printable;
    }

    private static Field field(String canonical, String... synonyms) {
        List<String> keys = new ArrayList<>();
        keys.add(normalise(canonical));
        Arrays.stream(synonyms).map(InteractionLogMapper::normalise).forEach(keys::add);
        return new Field(canonical, List.copyOf(keys));
    }

    /** A table field: the name errors use, and the normalised names it may arrive under. */
    private record Field(String name, List<String> keys) {
    }

    /** Where a field was found: {@code where} is its path in the body, for messages when it differs from the name. */
    private record Hit(String field, String where, JsonNode value) {
    }

    /** A field name for messages, with the path it was found at when that says more. */
    private record Loc(String name, String at) {
        Loc child(String suffix) {
            return new Loc(name + suffix, at == null ? null : at + suffix);
        }
    }

    private record Scope(String path, Map<String, Map.Entry<String, JsonNode>> index) {
    }

    /** A size limit; never skipped, not even by a best-effort mapping. */
    private static final class LimitExceeded extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        LimitExceeded(String message) {
            super(message);
        }
    }

    /** One mapping run: the action and path prefix for messages, the scopes, strictness. */
    private final class Ctx {
        final String action;
        final String prefix;
        final boolean strict;
        final List<Scope> scopes = new ArrayList<>();
        final List<String> skipped = new ArrayList<>();
        JsonNode intrinsics;

        Ctx(String action, String prefix, boolean strict) {
            this.action = action;
            this.prefix = prefix;
            this.strict = strict;
        }

        IllegalArgumentException fail(Loc l, String problem) {
            return new IllegalArgumentException(message(l, problem));
        }

        IllegalArgumentException limit(Loc l, String problem) {
            return new LimitExceeded(message(l, problem));
        }

        private String message(Loc l, String problem) {
            String name = l.name.isEmpty() ? prefix.replaceAll("\\.$", "") : prefix + l.name;
            String at = l.at == null || l.at.equals(l.name) ? "" : " (at " + prefix + l.at + ")";
            return action + ": " + (name.isEmpty() ? "data" : name) + at + " " + problem;
        }

        /** Runs one field's mapping; a best-effort run leaves out a field it cannot read. */
        void apply(Runnable mapping) {
            lenient(() -> {
                mapping.run();
                return null;
            });
        }

        <T> T lenient(Supplier<T> mapping) {
            try {
                return mapping.get();
            } catch (LimitExceeded e) {
                throw e;
            } catch (IllegalArgumentException e) {
                if (strict) {
                    throw e;
                }
                skipped.add(e.getMessage());
                return null;
            }
        }

        JsonNode body(JsonNode data) {
            if (data == null || !data.isObject()) {
                throw fail(new Loc("data", null), "must be an object, not " + kind(data));
            }
            JsonNode message = member(data, "message");
            if (message != null && message.isObject() && member(message, "body") != null) {
                return object(new Loc("message.body", null), member(message, "body"));
            }
            JsonNode body = member(data, "body");
            return body != null ? object(new Loc("body", null), body) : data;
        }

        private JsonNode object(Loc l, JsonNode v) {
            if (!v.isObject()) {
                throw fail(l, "must be an object, not " + kind(v));
            }
            return v;
        }

        /** The body, then interactionData, then its interaction, then the intrinsics, wherever they sit. */
        void scopes(JsonNode root) {
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
            for (int k = 0; k < holders.length && intrinsics == null; k++) {
                if (holders[k] != null) {
                    intrinsics = child(paths[k], holders[k], "intrinsics");
                    if (intrinsics != null) {
                        add(paths[k] + "intrinsics.", intrinsics);
                    }
                }
            }
        }

        private JsonNode child(String path, JsonNode parent, String name) {
            JsonNode v = member(parent, name);
            if (v == null) {
                return null;
            }
            return lenient(() -> object(new Loc(path + name, null), v));
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

        List<Hit> findAll(Field f) {
            List<Hit> hits = new ArrayList<>();
            for (Scope s : scopes) {
                for (String key : f.keys) {
                    Map.Entry<String, JsonNode> e = s.index.get(key);
                    if (e != null) {
                        hits.add(new Hit(f.name, s.path + e.getKey(), e.getValue()));
                        break;
                    }
                }
            }
            return hits;
        }

        Hit find(Field f) {
            List<Hit> hits = findAll(f);
            return hits.isEmpty() ? null : hits.get(0);
        }

        Loc loc(Hit h) {
            return new Loc(h.field, h.where);
        }

        String bounded(Loc l, String s) {
            if (s.length() > maxStringLength) {
                throw limit(l, "is longer than " + maxStringLength + " characters");
            }
            return s;
        }

        void count(Loc l, int size) {
            if (size > maxArrayLength) {
                throw limit(l, "has " + size + " entries; at most " + maxArrayLength + " are allowed");
            }
        }

        String text(Loc l, JsonNode v) {
            if (v.isTextual()) {
                return bounded(l, v.textValue());
            }
            if (v.isNumber()) {
                return v.asText();
            }
            throw fail(l, "must be a string, not " + kind(v));
        }

        /** Strings, numbers and booleans as text: what attached data and CAVs carry. */
        String scalar(Loc l, JsonNode v) {
            if (v == null || v.isNull()) {
                return null;
            }
            if (v.isBoolean()) {
                return v.asText();
            }
            return text(l, v);
        }

        String string(Field f) {
            Hit h = find(f);
            return h == null ? null : text(loc(h), h.value);
        }

        Boolean bool(Field f) {
            Hit h = find(f);
            return h == null ? null : bool(loc(h), h.value);
        }

        Boolean bool(Loc l, JsonNode v) {
            if (v.isBoolean()) {
                return v.booleanValue();
            }
            if (v.isTextual() && ("true".equalsIgnoreCase(v.textValue().trim())
                    || "false".equalsIgnoreCase(v.textValue().trim()))) {
                return Boolean.valueOf(v.textValue().trim());
            }
            throw fail(l, "must be true or false, not " + show(v));
        }

        Integer integer(Field f) {
            Hit h = find(f);
            if (h == null) {
                return null;
            }
            BigDecimal n = number(h.value);
            if (n == null || n.abs().compareTo(MAX_SECONDS) > 0 || n.stripTrailingZeros().scale() > 0) {
                throw fail(loc(h), "must be an integer, not " + show(h.value));
            }
            return n.intValueExact();
        }

        Long seconds(Field f) {
            Hit h = find(f);
            return h == null ? null : seconds(loc(h), h.value);
        }

        Long seconds(Loc l, JsonNode v) {
            BigDecimal n = number(v);
            if (n == null && v.isTextual()) {
                n = clockOrIsoSeconds(v.textValue().trim());
            }
            if (n == null || n.signum() < 0 || n.compareTo(MAX_SECONDS) > 0) {
                throw fail(l, "must be a number of seconds, not " + show(v));
            }
            return n.setScale(0, RoundingMode.HALF_UP).longValue();
        }

        /** A JSON number or a numeric string; null when it is neither. */
        private BigDecimal number(JsonNode v) {
            if (v.isNumber()) {
                if (v.isFloatingPointNumber() && !v.isBigDecimal() && !Double.isFinite(v.doubleValue())) {
                    return null;
                }
                return v.decimalValue();
            }
            if (v.isTextual() && DECIMAL.matcher(v.textValue().trim()).matches()) {
                return new BigDecimal(v.textValue().trim());
            }
            return null;
        }

        /** {@code 00:01:30}, {@code 1:30} or ISO-8601 {@code PT1M30S}: other ways a duration shows up. */
        private BigDecimal clockOrIsoSeconds(String s) {
            var m = CLOCK.matcher(s);
            if (m.matches()) {
                long h = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
                return BigDecimal.valueOf(h * 3600 + Long.parseLong(m.group(2)) * 60 + Long.parseLong(m.group(3)));
            }
            if (s.length() <= MAX_TIMESTAMP_LENGTH && (s.startsWith("P") || s.startsWith("p"))) {
                try {
                    return BigDecimal.valueOf(Duration.parse(s).getSeconds());
                } catch (DateTimeException e) {
                    return null;
                }
            }
            return null;
        }

        <E> E choice(Field f, Map<String, E> values, String allowed) {
            Hit h = find(f);
            if (h == null) {
                return null;
            }
            E e = h.value.isTextual() ? values.get(normalise(h.value.textValue().trim())) : null;
            if (e == null) {
                throw fail(loc(h), "must be one of " + allowed + "; not " + show(h.value));
            }
            return e;
        }

        /** AXP, Elite, or both: seed 001 writes the pair as {@code [AXP,Elite]}. */
        String origin(Field f) {
            Hit h = find(f);
            if (h == null) {
                return null;
            }
            List<String> parts = new ArrayList<>();
            if (h.value.isTextual()) {
                String s = bounded(loc(h), h.value.textValue()).trim();
                if (s.startsWith("[") && s.endsWith("]")) {
                    s = s.substring(1, s.length() - 1);
                }
                for (String p : s.split(",")) {
                    parts.add(p.trim());
                }
            } else if (h.value.isArray()) {
                count(loc(h), h.value.size());
                for (int k = 0; k < h.value.size(); k++) {
                    JsonNode item = h.value.get(k);
                    if (!item.isTextual()) {
                        throw fail(loc(h).child("[" + k + "]"), "must be a string, not " + kind(item));
                    }
                    parts.add(item.textValue().trim());
                }
            } else {
                throw fail(loc(h), "must be a string or an array of strings, not " + kind(h.value));
            }
            parts.removeIf(String::isEmpty);
            parts.replaceAll(p -> p.equalsIgnoreCase("axp") ? "AXP" : p.equalsIgnoreCase("elite") ? "Elite" : p);
            if (parts.isEmpty()) {
                return null;
            }
            return parts.size() == 1 ? parts.get(0) : "[" + String.join(",", parts) + "]";
        }

        /** A disposition as a code, or an object carrying one. */
        String code(Field f) {
            Hit h = find(f);
            return h == null ? null : code(loc(h), h.value);
        }

        private String code(Loc l, JsonNode v) {
            if (v.isObject()) {
                JsonNode c = member(v, "code", "name", "id");
                if (c == null) {
                    throw fail(l, "has no code, name or id");
                }
                return text(l.child(".code"), c);
            }
            return text(l, v);
        }

        List<String> workCodes(Field f) {
            Hit h = find(f);
            if (h == null) {
                return List.of();
            }
            if (h.value.isTextual()) {
                return List.of(bounded(loc(h), h.value.textValue()));
            }
            if (!h.value.isArray()) {
                throw fail(loc(h), "must be an array of work codes, not " + kind(h.value));
            }
            count(loc(h), h.value.size());
            List<String> out = new ArrayList<>();
            for (int k = 0; k < h.value.size(); k++) {
                JsonNode item = h.value.get(k);
                if (!item.isNull()) {
                    out.add(code(loc(h).child("[" + k + "]"), item));
                }
            }
            return out;
        }

        /** An object, or an array of {@code {name|key|id, value}}; both occur for custom fields. */
        private Map<String, JsonNode> pairs(Loc l, JsonNode v) {
            Map<String, JsonNode> out = new LinkedHashMap<>();
            if (v.isObject()) {
                count(l, v.size());
                for (Map.Entry<String, JsonNode> e : v.properties()) {
                    out.put(bounded(l, e.getKey()), e.getValue());
                }
                return out;
            }
            if (!v.isArray()) {
                throw fail(l, "must be an object or an array of {name, value}, not " + kind(v));
            }
            count(l, v.size());
            for (int k = 0; k < v.size(); k++) {
                Loc item = l.child("[" + k + "]");
                JsonNode pair = v.get(k);
                if (!pair.isObject()) {
                    throw fail(item, "must be an object with a name and a value, not " + kind(pair));
                }
                JsonNode key = member(pair, "name", "key", "id");
                if (key == null) {
                    throw fail(item, "has no name");
                }
                JsonNode value = member(pair, "value");
                out.put(text(item.child(".name"), key), value == null ? JsonNodeFactory.instance.nullNode() : value);
            }
            return out;
        }

        Map<String, String> stringMap(Field f) {
            Hit h = find(f);
            if (h == null) {
                return Map.of();
            }
            Map<String, String> out = new LinkedHashMap<>();
            pairs(loc(h), h.value).forEach((key, v) -> {
                Loc l = loc(h).child("." + key);
                if (v.isArray()) {
                    // AXP attributes may be multi-valued, e.g. {"Language": ["English"]}.
                    count(l, v.size());
                    StringJoiner joined = new StringJoiner(",");
                    for (int k = 0; k < v.size(); k++) {
                        String s = scalar(l.child("[" + k + "]"), v.get(k));
                        if (s != null) {
                            joined.add(s);
                        }
                    }
                    out.put(key, bounded(l, joined.toString()));
                } else if (v.isObject()) {
                    throw fail(l, "must be a string or an array of strings, not an object");
                } else if (!v.isNull()) {
                    out.put(key, scalar(l, v));
                }
            });
            return out;
        }

        Map<String, Object> objectMap(Field f) {
            Hit h = find(f);
            if (h == null) {
                return Map.of();
            }
            Map<String, Object> out = new LinkedHashMap<>();
            pairs(loc(h), h.value).forEach((key, v) -> out.put(key, plain(loc(h).child("." + key), v, 1)));
            return out;
        }

        Map<String, Boolean> boolMap(Field f) {
            Hit h = find(f);
            if (h == null) {
                return Map.of();
            }
            Map<String, Boolean> out = new LinkedHashMap<>();
            pairs(loc(h), h.value).forEach((key, v) -> {
                if (!v.isNull()) {
                    out.put(key, bool(loc(h).child("." + key), v));
                }
            });
            return out;
        }

        /** JSON as plain Java values (String, Boolean, Long, BigInteger, BigDecimal, Double, List, Map). */
        Object plain(Loc l, JsonNode v, int depth) {
            if (depth > MAX_DEPTH) {
                throw limit(l, "is nested deeper than " + MAX_DEPTH + " levels");
            }
            if (v == null || v.isNull() || v.isMissingNode()) {
                return null;
            }
            if (v.isTextual()) {
                return bounded(l, v.textValue());
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
                count(l, v.size());
                List<Object> list = new ArrayList<>(v.size());
                for (int k = 0; k < v.size(); k++) {
                    list.add(plain(l.child("[" + k + "]"), v.get(k), depth + 1));
                }
                return list;
            }
            if (v.isObject()) {
                count(l, v.size());
                Map<String, Object> map = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> e : v.properties()) {
                    map.put(bounded(l, e.getKey()), plain(l.child("." + e.getKey()), e.getValue(), depth + 1));
                }
                return map;
            }
            return bounded(l, v.asText());
        }

        List<Cav> cavs(Field f) {
            Hit h = find(f);
            if (h == null) {
                return List.of();
            }
            List<Cav> out = new ArrayList<>();
            if (h.value.isObject()) {
                // {"Customer.AccountId": "42"}: group and name joined by the last dot.
                pairs(loc(h), h.value).forEach((key, v) -> {
                    int dot = key.lastIndexOf('.');
                    out.add(new Cav(null, key.substring(dot + 1), dot < 0 ? null : key.substring(0, dot),
                            scalar(loc(h).child("." + key), v)));
                });
                return out;
            }
            if (!h.value.isArray()) {
                throw fail(loc(h), "must be an array of {id, name, group, value}, not " + kind(h.value));
            }
            count(loc(h), h.value.size());
            for (int k = 0; k < h.value.size(); k++) {
                Loc l = loc(h).child("[" + k + "]");
                JsonNode item = h.value.get(k);
                if (!item.isObject()) {
                    throw fail(l, "must be an object, not " + kind(item));
                }
                out.add(new Cav(scalar(l.child(".id"), member(item, "id")),
                        scalar(l.child(".name"), member(item, "name")),
                        scalar(l.child(".group"), member(item, "group")),
                        scalar(l.child(".value"), member(item, "value"))));
            }
            return out;
        }

        List<CrmObject> options(Field f, boolean nameField) {
            Hit h = find(f);
            if (h == null) {
                return List.of();
            }
            if (!h.value.isArray()) {
                throw fail(loc(h), "must be an array of {id, label, name}, not " + kind(h.value));
            }
            count(loc(h), h.value.size());
            List<CrmObject> out = new ArrayList<>();
            for (int k = 0; k < h.value.size(); k++) {
                Loc l = loc(h).child("[" + k + "]");
                JsonNode item = h.value.get(k);
                if (!item.isObject()) {
                    throw fail(l, "must be an object, not " + kind(item));
                }
                CrmObject o = crmObject(l, item, nameField);
                // Without an id an option cannot be linked to; there is nothing to keep.
                if (o.id != null) {
                    out.add(o);
                }
            }
            return out;
        }

        /** Seed 003's {@code {id, label, name, isWho, isWhat}}; flags default to the field it came from. */
        private CrmObject crmObject(Loc l, JsonNode o, boolean nameField) {
            CrmObject c = new CrmObject();
            c.id = blankToNull(scalar(l.child(".id"), member(o, "id", "recordId")));
            c.label = scalar(l.child(".label"), member(o, "label", "type"));
            c.name = scalar(l.child(".name"), member(o, "name", "displayName"));
            c.url = scalar(l.child(".url"), member(o, "url"));
            JsonNode who = member(o, "isWho");
            JsonNode what = member(o, "isWhat");
            c.isWho = who == null ? nameField : bool(l.child(".isWho"), who);
            c.isWhat = what == null ? !nameField : bool(l.child(".isWhat"), what);
            return c;
        }

        /** The selected Name or Related To: an id, resolved against the options when one matches, or an object. */
        CrmObject selected(Field f, List<CrmObject> options, boolean nameField) {
            Hit h = find(f);
            if (h == null) {
                return null;
            }
            if (h.value.isObject()) {
                CrmObject given = crmObject(loc(h), h.value, nameField);
                if (given.id == null) {
                    throw fail(loc(h), "has no id");
                }
                options.stream().filter(o -> given.id.equals(o.id)).findFirst().ifPresent(o -> {
                    given.label = given.label != null ? given.label : o.label;
                    given.name = given.name != null ? given.name : o.name;
                    given.url = given.url != null ? given.url : o.url;
                });
                return given;
            }
            String id = text(loc(h), h.value).trim();
            return options.stream().filter(o -> id.equals(o.id)).findFirst()
                    .orElseGet(() -> new CrmObject(id, null, null, nameField, !nameField));
        }

        List<Map<String, Object>> attachments(Field f) {
            Hit h = find(f);
            if (h == null) {
                return List.of();
            }
            if (!h.value.isArray()) {
                throw fail(loc(h), "must be an array of attachments, not " + kind(h.value));
            }
            count(loc(h), h.value.size());
            List<Map<String, Object>> out = new ArrayList<>();
            for (int k = 0; k < h.value.size(); k++) {
                Loc l = loc(h).child("[" + k + "]");
                JsonNode item = h.value.get(k);
                if (item.isObject()) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> m = (Map<String, Object>) plain(l, item, 1);
                    out.add(m);
                } else if (item.isTextual()) {
                    // A bare file name.
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("name", bounded(l, item.textValue()));
                    out.add(m);
                } else if (!item.isNull()) {
                    throw fail(l, "must be an object, not " + kind(item));
                }
            }
            return out;
        }

        List<String> stringList(Loc l, JsonNode v) {
            if (v == null) {
                return List.of();
            }
            if (!v.isArray()) {
                throw fail(l, "must be an array of strings, not " + kind(v));
            }
            count(l, v.size());
            List<String> out = new ArrayList<>();
            for (int k = 0; k < v.size(); k++) {
                JsonNode item = v.get(k);
                if (item.isNull()) {
                    continue;
                }
                if (!item.isTextual()) {
                    throw fail(l.child("[" + k + "]"), "must be a string, not " + kind(item));
                }
                String s = bounded(l.child("[" + k + "]"), item.textValue()).trim();
                if (!s.isEmpty()) {
                    out.add(s);
                }
            }
            return out;
        }

        /**
         * Start, established and end time. Seed 001 gives "Start Date" and "Start Time"
         * separately; a time of day takes its date from them, in UTC. The first
         * start time that is complete wins, so a bare time of day without a date
         * gives way to, say, the intrinsics' {@code START_TIME}.
         */
        void times(Interaction i) {
            Hit dateHit = find(START_DATE);
            LocalDate startDate = dateHit == null ? null : date(loc(dateHit), dateHit.value);
            Instant start = null;
            IllegalArgumentException incomplete = null;
            for (Hit h : findAll(START_TIME)) {
                Object m = moment(loc(h), h.value);
                if (m instanceof Instant instant) {
                    start = instant;
                    break;
                }
                if (startDate != null) {
                    start = startDate.atTime((LocalTime) m).toInstant(ZoneOffset.UTC);
                    break;
                }
                if (incomplete == null) {
                    incomplete = fail(loc(h), "is a time of day (" + m + ") but startDate is missing");
                }
            }
            if (start == null && incomplete != null) {
                throw incomplete;
            }
            if (start == null && dateHit != null) {
                Object m = moment(loc(dateHit), dateHit.value);
                start = m instanceof Instant instant ? instant : null;
            }
            i.startTime = start;

            Hit endDateHit = find(END_DATE);
            LocalDate endDate = endDateHit == null ? startDate : date(loc(endDateHit), endDateHit.value);
            i.establishedTime = at(ESTABLISHED_TIME, startDate, "startDate", start);
            i.endTime = at(END_TIME, endDate, endDateHit == null ? "startDate" : "endDate",
                    i.establishedTime != null ? i.establishedTime : start);
            i.lastUpdatedAt = at(LAST_UPDATED_AT, startDate, "startDate", null);

            Long duration = seconds(DURATION);
            if (duration == null && i.establishedTime != null && i.endTime != null
                    && !i.endTime.isBefore(i.establishedTime)) {
                duration = Duration.between(i.establishedTime, i.endTime).getSeconds();
            }
            i.durationSeconds = duration;
        }

        /** A timestamp; a time of day on {@code date}, a day later when it would precede {@code notBefore}. */
        private Instant at(Field f, LocalDate date, String dateName, Instant notBefore) {
            Hit h = find(f);
            if (h == null) {
                return null;
            }
            Object m = moment(loc(h), h.value);
            if (m instanceof Instant instant) {
                return instant;
            }
            if (date == null) {
                throw fail(loc(h), "is a time of day (" + m + ") but " + dateName + " is missing");
            }
            Instant t = date.atTime((LocalTime) m).toInstant(ZoneOffset.UTC);
            // Time-of-day values past midnight belong to the next day.
            return notBefore != null && t.isBefore(notBefore) && date.equals(LocalDate.ofInstant(notBefore,
                    ZoneOffset.UTC)) ? t.plus(1, ChronoUnit.DAYS) : t;
        }

        /** An {@link Instant}, or a {@link LocalTime} that still needs a date. Zone-less values are UTC. */
        Object moment(Loc l, JsonNode v) {
            if (v.isIntegralNumber() && v.canConvertToLong()) {
                return Instant.ofEpochMilli(v.longValue());
            }
            if (v.isFloatingPointNumber() && Double.isFinite(v.doubleValue())
                    && Math.abs(v.doubleValue()) < Long.MAX_VALUE) {
                return Instant.ofEpochMilli((long) v.doubleValue());
            }
            if (v.isTextual() && v.textValue().trim().length() <= MAX_TIMESTAMP_LENGTH) {
                String s = v.textValue().trim();
                if (DIGITS.matcher(s).matches()) {
                    return Instant.ofEpochMilli(Long.parseLong(s));
                }
                Object parsed = parseTemporal(s);
                if (parsed != null) {
                    return parsed;
                }
            }
            throw fail(l, "must be an ISO-8601 timestamp or epoch milliseconds, not " + show(v));
        }

        private Object parseTemporal(String s) {
            String iso = SPACED_DATE_TIME.matcher(s).matches() ? s.replaceFirst(" ", "T") : s;
            try {
                TemporalAccessor t = DateTimeFormatter.ISO_DATE_TIME.parseBest(iso, ZonedDateTime::from,
                        LocalDateTime::from);
                return t instanceof ZonedDateTime z ? z.toInstant() : ((LocalDateTime) t).toInstant(ZoneOffset.UTC);
            } catch (DateTimeException e) {
                // not a date-time; try the other forms
            }
            LocalDate date = parseDate(s);
            if (date != null) {
                return date.atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            for (DateTimeFormatter f : List.of(DateTimeFormatter.ISO_LOCAL_TIME, AM_PM_TIME)) {
                try {
                    return LocalTime.parse(s, f);
                } catch (DateTimeException e) {
                    // next form
                }
            }
            try {
                return ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            } catch (DateTimeException e) {
                return null;
            }
        }

        private LocalDate parseDate(String s) {
            for (DateTimeFormatter f : List.of(DateTimeFormatter.ISO_LOCAL_DATE, SLASHED_DATE)) {
                try {
                    return LocalDate.parse(s, f);
                } catch (DateTimeException e) {
                    // next form
                }
            }
            return null;
        }

        /** A calendar date: {@code 2025-03-01}, {@code 2025/03/01}, or a full timestamp's UTC date. */
        LocalDate date(Loc l, JsonNode v) {
            if (v.isTextual()) {
                LocalDate d = v.textValue().length() <= MAX_TIMESTAMP_LENGTH ? parseDate(v.textValue().trim()) : null;
                if (d != null) {
                    return d;
                }
            }
            Object m;
            try {
                m = moment(l, v);
            } catch (IllegalArgumentException e) {
                m = null;
            }
            if (m instanceof Instant instant) {
                return LocalDate.ofInstant(instant, ZoneOffset.UTC);
            }
            throw fail(l, "must be a date like 2025-03-01, not " + show(v));
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
