package org.crmconnector.crm.salesforce.task;

import static org.crmconnector.crm.support.text.FieldText.capitalised;
import static org.crmconnector.crm.support.text.FieldText.first;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.crmconnector.interaction.Cav;
import org.crmconnector.interaction.CrmObject;
import org.crmconnector.interaction.Interaction;

/**
 * The named values of an interaction that a Task field can be mapped from,
 * with the label each has in the readable digest. Names follow
 * {@link Interaction}'s fields; {@code attribute.X}, {@code custom.X},
 * {@code engagement.X}, {@code softphone.X} and {@code cav.group.name} reach
 * into the maps, and {@code 'text'} is a literal.
 */
public final class InteractionValues {

    /** A value with its digest label; {@code label == null} keeps it out of the digest. */
    record Source(String label, Function<Interaction, Object> value) {
    }

    /** In the order the digest lists them; seed 001's fields all appear. */
    static final Map<String, Source> SOURCES = new LinkedHashMap<>();

    static {
        // Values with a dedicated Task field; computed, not listed in the digest.
        add("subject", null, InteractionValues::subject);
        add("taskSubtype", null, i -> i.channel == org.crmconnector.interaction.Channel.VOICE ? "Call" : "Task");
        add("callType", null, i -> capitalised(i.direction));
        add("durationSeconds", "Duration (s)", InteractionValues::durationSeconds);
        add("dispositionCode", "Disposition Code", i -> i.dispositionCode);
        add("ucid", "UCID", i -> i.ucid != null ? i.ucid : i.interactionId);
        add("activityDate", null, InteractionValues::activityDate);
        add("whoId", null, i -> i.selectedName == null ? null : i.selectedName.id);
        add("whatId", null, i -> i.selectedRelatedTo == null ? null : i.selectedRelatedTo.id);
        add("comments", null, i -> i.comments);
        // the number looked up: the one after dialing rules when there is one
        add("ani", null, Interaction::ani);
        // Everything else seed 001 lists, in the digest unless mapped to a field of its own.
        add("interactionId", "Interaction ID", i -> i.interactionId);
        add("legId", "Leg", i -> i.legId == 0 ? null : i.legId);
        add("channel", "Channel", i -> capitalised(i.channel));
        add("direction", "Direction", i -> capitalised(i.direction));
        add("interactionType", "Interaction Type", i -> capitalised(i.interactionType));
        add("transfer", "Is Transfer Interaction", i -> i.transfer ? Boolean.TRUE : null);
        add("conference", "Is Conference Interaction", i -> i.conference ? Boolean.TRUE : null);
        add("transferredBy", "Transferred By", i -> i.transferredBy);
        add("priority", "Priority", i -> i.priority);
        add("language", "Language", i -> i.language);
        add("interactionOrigin", "Interaction Origin", i -> i.interactionOrigin);
        add("callerName", "Caller Name", i -> i.callerName);
        add("callerNumber", "Caller Number", i -> i.callerNumber);
        add("dnis", "DNIS", i -> i.dnis);
        add("destinationAddress", "Destination Address", i -> i.destinationAddress);
        add("updatedOriginatingAddress", "Updated Originating Address", i -> i.updatedOriginatingAddress);
        add("updatedDestinationAddress", "Updated Destination Address", i -> i.updatedDestinationAddress);
        add("agentId", "Agent", i -> i.agentId);
        add("resourceAddress", "Resource Address", i -> i.resourceAddress);
        add("topicId", "Topic ID", i -> i.topicId);
        add("topicName", "Topic Name", i -> i.topicName);
        add("skillId", "Skill ID", i -> i.skillId);
        add("skillName", "Skill Name", i -> i.skillName);
        add("uui", "UUI", i -> i.uui);
        add("asaiUui", "ASAI UUI", i -> i.asaiUui);
        add("startTime", "Start Time (UTC)", i -> i.startTime);
        add("establishedTime", "Established Time (UTC)", i -> i.establishedTime);
        add("endTime", "End Time (UTC)", i -> i.endTime);
        add("acwDurationSeconds", "ACW Duration (s)", i -> i.acwDurationSeconds);
        add("workCodes", "Work Codes", i -> i.workCodes);
        add("selectedName", "Name", i -> describe(i.selectedName));
        add("selectedRelatedTo", "Related To", i -> describe(i.selectedRelatedTo));
        add("nameOptions", "Name Options", i -> describe(i.nameOptions));
        add("relatedToOptions", "Related To Options", i -> describe(i.relatedToOptions));
        add("attributes", "Attributes", i -> i.attributes);
        add("engagementParameters", "Engagement Parameters", i -> i.engagementParameters);
        add("customFields", "Custom Fields", i -> i.customFields);
        add("cavs", "Call Variables", i -> i.cavs.stream().filter(c -> c.value != null)
                .collect(Collectors.toMap(InteractionValues::cavName, c -> c.value, (a, b) -> b, LinkedHashMap::new)));
        add("settings", "Settings", i -> i.settings);
        add("draftId", "Draft ID", i -> i.draftId);
        add("draftSavedSuccessfully", "Draft Saved Successfully", i -> i.draftSavedSuccessfully);
        add("emailDraftBody", "Email Draft Body", i -> i.emailDraftBody);
        add("draftAttachments", "Draft Attachments", i -> i.draftAttachments.isEmpty() ? null : i.draftAttachments.size() + " attachment(s)");
        add("lastUpdatedAt", "Last Updated At (UTC)", i -> i.lastUpdatedAt);
        add("lastUpdatedBy", "Last Updated By", i -> i.lastUpdatedBy);
        add("tenantId", null, i -> i.tenantId);
        add("partnerId", null, i -> i.partnerId);
    }

    private InteractionValues() {
    }

    private static void add(String name, String label, Function<Interaction, Object> value) {
        SOURCES.put(name, new Source(label, value));
    }

    /** Whether {@code name} is a source this class can resolve. */
    static boolean isKnown(String name) {
        return SOURCES.containsKey(name) || name.startsWith("'") && name.endsWith("'") && name.length() >= 2
                || prefixed(name) != null;
    }

    /** The value, or null when the interaction has none. */
    static Object resolve(String name, Interaction interaction) {
        if (name.startsWith("'") && name.endsWith("'") && name.length() >= 2) {
            return name.substring(1, name.length() - 1);
        }
        Source source = SOURCES.get(name);
        if (source != null) {
            return source.value().apply(interaction);
        }
        String[] prefixed = prefixed(name);
        if (prefixed == null) {
            return null;
        }
        String key = prefixed[1];
        return switch (prefixed[0]) {
            case "attribute" -> interaction.attributes.get(key);
            case "custom" -> interaction.customFields.get(key);
            case "engagement" -> interaction.engagementParameters.get(key);
            case "softphone" -> interaction.softphoneData.get(key);
            case "cav" -> interaction.cavs.stream().filter(c -> key.equals(cavName(c)) || key.equals(c.name))
                    .map(c -> c.value).filter(Objects::nonNull).findFirst().orElse(null);
            default -> null;
        };
    }

    private static String[] prefixed(String name) {
        int dot = name.indexOf('.');
        if (dot <= 0 || dot == name.length() - 1) {
            return null;
        }
        String prefix = name.substring(0, dot);
        return List.of("attribute", "custom", "engagement", "softphone", "cav").contains(prefix)
                ? new String[] {prefix, name.substring(dot + 1)}
                : null;
    }

    /** Text for a Task field or the digest: instants in ISO-8601 UTC, lists and maps flattened. */
    static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Collection<?> list) {
            return list.isEmpty() ? null : list.stream().map(InteractionValues::text).collect(Collectors.joining(", "));
        }
        if (value instanceof Map<?, ?> map) {
            return map.isEmpty() ? null : map.entrySet().stream()
                    .map(e -> e.getKey() + "=" + text(e.getValue())).collect(Collectors.joining(", "));
        }
        String text = value.toString();
        return text.isBlank() ? null : text;
    }

    private static String subject(Interaction i) {
        if (i.subject != null && !i.subject.isBlank()) {
            return i.subject;
        }
        // channel and direction may be missing from a sparse log: "call", no direction word
        String kind = i.channel == null || i.channel == org.crmconnector.interaction.Channel.VOICE ? "call"
                : capitalised(i.channel).toLowerCase(Locale.ROOT);
        String dir = i.direction == null ? "Logged" : capitalised(i.direction);
        String number = i.direction == org.crmconnector.interaction.Direction.OUTBOUND
                ? first(i.updatedDestinationAddress, i.destinationAddress, i.dnis)
                : first(i.updatedOriginatingAddress, i.callerNumber);
        String preposition = i.direction == org.crmconnector.interaction.Direction.OUTBOUND ? " to " : " from ";
        return dir + " " + kind + (number == null ? "" : preposition + number);
    }

    private static Long durationSeconds(Interaction i) {
        if (i.durationSeconds != null) {
            return i.durationSeconds;
        }
        if (i.establishedTime != null && i.endTime != null && !i.endTime.isBefore(i.establishedTime)) {
            return Duration.between(i.establishedTime, i.endTime).getSeconds();
        }
        return null;
    }

    /** A date in UTC semantics from the interaction's own start, never from this machine's clock or zone. */
    private static String activityDate(Interaction i) {
        Instant when = i.startTime != null ? i.startTime : i.establishedTime != null ? i.establishedTime : i.endTime;
        return when == null ? null : LocalDate.ofInstant(when, ZoneOffset.UTC).toString();
    }

    private static String describe(CrmObject o) {
        return o == null ? null : (o.label == null ? "" : o.label + " ") + (o.name == null ? "" : o.name + " ") + "(" + o.id + ")";
    }

    private static List<String> describe(List<CrmObject> objects) {
        return objects.stream().map(InteractionValues::describe).toList();
    }

    private static String cavName(Cav cav) {
        return cav.group == null || cav.group.isEmpty() ? cav.name : cav.group + "." + cav.name;
    }
}
