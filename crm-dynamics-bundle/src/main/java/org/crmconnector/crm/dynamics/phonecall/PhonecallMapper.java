package org.crmconnector.crm.dynamics.phonecall;

import static org.crmconnector.crm.support.text.FieldText.capitalised;
import static org.crmconnector.crm.support.text.FieldText.first;
import static org.crmconnector.crm.support.text.FieldText.truncate;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.crmconnector.crm.dynamics.webapi.ODataText;
import org.crmconnector.interaction.Channel;
import org.crmconnector.interaction.CrmObject;
import org.crmconnector.interaction.Direction;
import org.crmconnector.interaction.Interaction;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The columns of a {@code phonecall} activity for an interaction (Microsoft
 * Learn, "phonecall EntityType"): {@code subject}, {@code description},
 * {@code directioncode} (true for outgoing), {@code phonenumber},
 * {@code actualdurationminutes}, {@code actualstart}/{@code actualend}, the
 * regarding record bound with {@code regardingobjectid_<table>_phonecall@odata.bind},
 * optionally the disposition column and the call's party.
 */
public final class PhonecallMapper {

    static final int SUBJECT_MAX = 200;
    static final int PHONE_MAX = 200;
    static final int DESCRIPTION_MAX = 2000;

    private final ObjectMapper json;
    private final String dispositionColumn;
    private final boolean parties;
    private final UnaryOperator<String> entitySetOf;

    /**
     * @param dispositionColumn a custom column for the disposition code, or empty to keep it in the description only
     * @param parties           whether to set the caller as the call's from (inbound) or to (outbound) party
     * @param entitySetOf       a table's entity set name, for {@code @odata.bind}
     */
    public PhonecallMapper(ObjectMapper json, String dispositionColumn, boolean parties, UnaryOperator<String> entitySetOf) {
        this.json = json;
        this.dispositionColumn = dispositionColumn;
        this.parties = parties;
        this.entitySetOf = entitySetOf;
    }

    /** @param disposition the disposition code to write, overriding the interaction's when not null */
    public ObjectNode columns(Interaction in, String disposition) {
        String code = disposition != null ? disposition : in.dispositionCode;
        ObjectNode row = json.createObjectNode();
        row.put("subject", truncate(subject(in), SUBJECT_MAX));
        row.put("description", truncate(description(in, code), DESCRIPTION_MAX));
        row.put("directioncode", in.direction == Direction.OUTBOUND);
        String number = number(in);
        if (number != null) {
            row.put("phonenumber", truncate(number, PHONE_MAX));
        }
        Long seconds = durationSeconds(in);
        if (seconds != null) {
            // the column holds whole minutes: a 20 s call is 1 minute, not 0
            row.put("actualdurationminutes", (int) Math.min(Integer.MAX_VALUE, (seconds + 59) / 60));
        }
        if (in.establishedTime != null || in.startTime != null) {
            row.put("actualstart", (in.establishedTime != null ? in.establishedTime : in.startTime).toString());
        }
        if (in.endTime != null) {
            row.put("actualend", in.endTime.toString());
        }
        if (!dispositionColumn.isEmpty() && code != null) {
            row.put(dispositionColumn, code);
        }
        CrmObject regarding = bindable(in.selectedRelatedTo) ? in.selectedRelatedTo : bindable(in.selectedName) ? in.selectedName : null;
        if (regarding != null) {
            String table = regarding.label.toLowerCase(Locale.ROOT);
            row.put("regardingobjectid_" + table + "_phonecall@odata.bind", "/" + entitySetOf.apply(table) + "(" + regarding.id + ")");
        }
        if (parties && bindable(in.selectedName)) {
            String table = in.selectedName.label.toLowerCase(Locale.ROOT);
            ArrayNode list = row.putArray("phonecall_activity_parties");
            // participationtypemask 1 = sender (from), 2 = to recipient
            list.addObject().put("partyid_" + table + "@odata.bind", "/" + entitySetOf.apply(table) + "(" + in.selectedName.id + ")")
                    .put("participationtypemask", in.direction == Direction.OUTBOUND ? 2 : 1);
        }
        return row;
    }

    /** A record this adapter can bind to: a table's logical name and a Dataverse id. */
    private static boolean bindable(CrmObject o) {
        return o != null && o.label != null && o.label.matches("[A-Za-z][A-Za-z0-9_]*") && ODataText.isGuid(o.id);
    }

    private static String subject(Interaction in) {
        if (in.subject != null && !in.subject.isBlank()) {
            return in.subject.strip();
        }
        String kind = in.channel == null || in.channel == Channel.VOICE ? "call" : in.channel.name().toLowerCase(Locale.ROOT);
        String number = number(in);
        String dir = in.direction == null ? "" : capitalised(in.direction) + " ";
        String preposition = in.direction == Direction.OUTBOUND ? " to " : " from ";
        return (dir.isEmpty() ? capitalised(kind) : dir + kind) + (number == null ? "" : preposition + number);
    }

    private static String number(Interaction in) {
        return in.direction == Direction.OUTBOUND
                ? first(in.updatedDestinationAddress, in.destinationAddress, in.dnis)
                : first(in.updatedOriginatingAddress, in.callerNumber);
    }

    private static Long durationSeconds(Interaction in) {
        if (in.durationSeconds != null) {
            return in.durationSeconds < 0 ? null : in.durationSeconds;
        }
        if (in.establishedTime != null && in.endTime != null && !in.endTime.isBefore(in.establishedTime)) {
            return Duration.between(in.establishedTime, in.endTime).getSeconds();
        }
        return null;
    }

    /** The agent's notes first, then what has no column of its own, so nothing is lost. */
    static String description(Interaction in, String disposition) {
        StringBuilder text = new StringBuilder();
        if (in.comments != null && !in.comments.isBlank()) {
            text.append(in.comments.strip()).append("\n\n");
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("Disposition", disposition);
        details.put("Interaction ID", in.interactionId + (in.legId == 0 ? "" : " (leg " + in.legId + ")"));
        details.put("Channel", capitalised(in.channel));
        details.put("Caller", first(in.callerName, null) == null ? in.callerNumber
                : in.callerName + (in.callerNumber == null ? "" : " " + in.callerNumber));
        details.put("DNIS", in.dnis);
        details.put("Agent", in.agentId);
        details.put("Queue", in.topicName != null ? in.topicName : in.topicId);
        details.put("Skill", in.skillName != null ? in.skillName : in.skillId);
        details.put("UCID", in.ucid);
        details.put("Duration (s)", durationSeconds(in));
        details.put("Work codes", in.workCodes == null || in.workCodes.isEmpty() ? null : String.join(", ", in.workCodes));
        details.put("Transferred by", in.transferredBy);
        details.put("Finished by the connector", in.finishReason);
        StringBuilder lines = new StringBuilder();
        details.forEach((label, value) -> {
            if (value != null && !value.toString().isBlank()) {
                lines.append(label).append(": ").append(value).append('\n');
            }
        });
        if (!lines.isEmpty()) {
            text.append("--- Interaction details ---\n").append(lines);
        }
        return text.toString().strip();
    }
}
