package org.crmconnector.core.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.crmconnector.interaction.Channel;
import org.crmconnector.interaction.Direction;
import org.crmconnector.interaction.Interaction;
import org.crmconnector.interaction.InteractionState;
import org.crmconnector.interaction.InteractionType;

/**
 * An interaction as the outbox and the interaction store keep it. The exported {@link Interaction} may
 * change with the API; this form changes only with the stored format. Its
 * field names are the stored JSON's (the same as Interaction's), enums are
 * stored by name, and a field absent from stored data reads as a new
 * Interaction's default, so data written by any earlier version reads.
 */
public class StoredInteraction {
    public String tenantId;
    public String interactionId;
    public int legId;
    public String ucid;
    public String agentId;
    public String resourceAddress;
    public String partnerId;
    public String interactionOrigin;

    public String channel = Channel.VOICE.name();
    public String direction = Direction.INBOUND.name();
    public String interactionType = InteractionType.CALLED.name();
    public boolean transfer;
    public boolean conference;
    public Integer priority;
    public String language;
    public String state = InteractionState.OFFERED.name();

    public String callerNumber;
    public String callerName;
    public String dnis;
    public String destinationAddress;
    public String updatedOriginatingAddress;
    public String updatedDestinationAddress;

    public String topicId;
    public String topicName;
    public String skillId;
    public String skillName;
    public String uui;
    public String asaiUui;

    public Map<String, String> attributes = new LinkedHashMap<>();
    public Map<String, Object> engagementParameters = new LinkedHashMap<>();
    public Map<String, Object> customFields = new LinkedHashMap<>();
    public Map<String, Boolean> settings = new LinkedHashMap<>();
    public List<StoredCav> cavs = new ArrayList<>();
    public Map<String, String> softphoneData = new LinkedHashMap<>();

    public Instant startTime;
    public Instant establishedTime;
    public Instant endTime;
    public Instant finishedTime;
    public Long durationSeconds;
    public Long acwDurationSeconds;

    public String subject;
    public String comments;
    public String dispositionCode;
    public String finishReason;
    public List<String> workCodes = new ArrayList<>();

    public List<StoredCrmObject> visitedObjects = new ArrayList<>();
    public List<StoredCrmObject> nameOptions = new ArrayList<>();
    public List<StoredCrmObject> relatedToOptions = new ArrayList<>();
    public StoredCrmObject selectedName;
    public StoredCrmObject selectedRelatedTo;
    public List<StoredCrmObject> searchResults = new ArrayList<>();

    public String draftId;
    public Boolean draftSavedSuccessfully;
    public String emailDraftBody;
    public List<Map<String, Object>> draftAttachments = new ArrayList<>();
    public Instant lastUpdatedAt;
    public String lastUpdatedBy;
    public String transferredBy;

    public static StoredInteraction of(Interaction i) {
        if (i == null) {
            return null;
        }
        StoredInteraction s = new StoredInteraction();
        s.tenantId = i.tenantId;
        s.interactionId = i.interactionId;
        s.legId = i.legId;
        s.ucid = i.ucid;
        s.agentId = i.agentId;
        s.resourceAddress = i.resourceAddress;
        s.partnerId = i.partnerId;
        s.interactionOrigin = i.interactionOrigin;
        s.channel = name(i.channel);
        s.direction = name(i.direction);
        s.interactionType = name(i.interactionType);
        s.transfer = i.transfer;
        s.conference = i.conference;
        s.priority = i.priority;
        s.language = i.language;
        s.state = name(i.state);
        s.callerNumber = i.callerNumber;
        s.callerName = i.callerName;
        s.dnis = i.dnis;
        s.destinationAddress = i.destinationAddress;
        s.updatedOriginatingAddress = i.updatedOriginatingAddress;
        s.updatedDestinationAddress = i.updatedDestinationAddress;
        s.topicId = i.topicId;
        s.topicName = i.topicName;
        s.skillId = i.skillId;
        s.skillName = i.skillName;
        s.uui = i.uui;
        s.asaiUui = i.asaiUui;
        s.attributes = map(i.attributes);
        s.engagementParameters = map(i.engagementParameters);
        s.customFields = map(i.customFields);
        s.settings = map(i.settings);
        s.cavs = list(i.cavs, StoredCav::of);
        s.softphoneData = map(i.softphoneData);
        s.startTime = i.startTime;
        s.establishedTime = i.establishedTime;
        s.endTime = i.endTime;
        s.finishedTime = i.finishedTime;
        s.durationSeconds = i.durationSeconds;
        s.acwDurationSeconds = i.acwDurationSeconds;
        s.subject = i.subject;
        s.comments = i.comments;
        s.dispositionCode = i.dispositionCode;
        s.finishReason = i.finishReason;
        s.workCodes = list(i.workCodes, Function.identity());
        s.visitedObjects = list(i.visitedObjects, StoredCrmObject::of);
        s.nameOptions = list(i.nameOptions, StoredCrmObject::of);
        s.relatedToOptions = list(i.relatedToOptions, StoredCrmObject::of);
        s.selectedName = StoredCrmObject.of(i.selectedName);
        s.selectedRelatedTo = StoredCrmObject.of(i.selectedRelatedTo);
        s.searchResults = list(i.searchResults, StoredCrmObject::of);
        s.draftId = i.draftId;
        s.draftSavedSuccessfully = i.draftSavedSuccessfully;
        s.emailDraftBody = i.emailDraftBody;
        s.draftAttachments = list(i.draftAttachments, StoredInteraction::map);
        s.lastUpdatedAt = i.lastUpdatedAt;
        s.lastUpdatedBy = i.lastUpdatedBy;
        s.transferredBy = i.transferredBy;
        return s;
    }

    /** @throws IllegalArgumentException when a stored enum name is not one of the API's */
    public Interaction toInteraction() {
        Interaction i = new Interaction();
        i.tenantId = tenantId;
        i.interactionId = interactionId;
        i.legId = legId;
        i.ucid = ucid;
        i.agentId = agentId;
        i.resourceAddress = resourceAddress;
        i.partnerId = partnerId;
        i.interactionOrigin = interactionOrigin;
        i.channel = value(Channel.class, channel);
        i.direction = value(Direction.class, direction);
        i.interactionType = value(InteractionType.class, interactionType);
        i.transfer = transfer;
        i.conference = conference;
        i.priority = priority;
        i.language = language;
        i.state = value(InteractionState.class, state);
        i.callerNumber = callerNumber;
        i.callerName = callerName;
        i.dnis = dnis;
        i.destinationAddress = destinationAddress;
        i.updatedOriginatingAddress = updatedOriginatingAddress;
        i.updatedDestinationAddress = updatedDestinationAddress;
        i.topicId = topicId;
        i.topicName = topicName;
        i.skillId = skillId;
        i.skillName = skillName;
        i.uui = uui;
        i.asaiUui = asaiUui;
        i.attributes = map(attributes);
        i.engagementParameters = map(engagementParameters);
        i.customFields = map(customFields);
        i.settings = map(settings);
        i.cavs = list(cavs, StoredCav::toCav);
        i.softphoneData = map(softphoneData);
        i.startTime = startTime;
        i.establishedTime = establishedTime;
        i.endTime = endTime;
        i.finishedTime = finishedTime;
        i.durationSeconds = durationSeconds;
        i.acwDurationSeconds = acwDurationSeconds;
        i.subject = subject;
        i.comments = comments;
        i.dispositionCode = dispositionCode;
        i.finishReason = finishReason;
        i.workCodes = list(workCodes, Function.identity());
        i.visitedObjects = list(visitedObjects, StoredCrmObject::toCrmObject);
        i.nameOptions = list(nameOptions, StoredCrmObject::toCrmObject);
        i.relatedToOptions = list(relatedToOptions, StoredCrmObject::toCrmObject);
        i.selectedName = selectedName == null ? null : selectedName.toCrmObject();
        i.selectedRelatedTo = selectedRelatedTo == null ? null : selectedRelatedTo.toCrmObject();
        i.searchResults = list(searchResults, StoredCrmObject::toCrmObject);
        i.draftId = draftId;
        i.draftSavedSuccessfully = draftSavedSuccessfully;
        i.emailDraftBody = emailDraftBody;
        i.draftAttachments = list(draftAttachments, StoredInteraction::map);
        i.lastUpdatedAt = lastUpdatedAt;
        i.lastUpdatedBy = lastUpdatedBy;
        i.transferredBy = transferredBy;
        return i;
    }

    private static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }

    private static <E extends Enum<E>> E value(Class<E> type, String name) {
        if (name == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("no " + type.getSimpleName() + " is named " + name, e);
        }
    }

    private static <V> Map<String, V> map(Map<String, V> m) {
        return m == null ? null : new LinkedHashMap<>(m);
    }

    /** A new list of the converted elements; a null list or element stays null. */
    private static <A, B> List<B> list(List<A> from, Function<A, B> convert) {
        if (from == null) {
            return null;
        }
        List<B> to = new ArrayList<>(from.size());
        for (A a : from) {
            to.add(a == null ? null : convert.apply(a));
        }
        return to;
    }
}
