package org.crmconnector.interaction;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of one interaction: everything seeds 001 and 003 say about it.
 * Every field of seed 001's {@code requestSaveInteractionLog} table has a home
 * here (its name is given in each comment); the rest is lifecycle state.
 * <p>
 * An interaction is keyed by the source's stable id ({@link #interactionId}:
 * the softphone's {@code conversationId}, Avaya's {@code interactionId}, Five9's
 * interaction id). Transfer and conference legs of one conversation share it
 * and differ in {@link #legId}.
 */
public class Interaction {
    // identity and routing
    public String tenantId;
    /** Seed 001 "Interaction ID". */
    public String interactionId;
    /** Which agent leg of the interaction this is; {@code 0} for the first. */
    public int legId;
    /** Seed 001 "UCID". */
    public String ucid;
    public String agentId;
    /** Seed 001 "Resource Address": the agent's station. */
    public String resourceAddress;
    public String partnerId;
    /** Seed 001 "Interaction Origin": AXP, Elite or [AXP,Elite]. */
    public String interactionOrigin;

    // classification
    /** Seed 001 "Channel". */
    public Channel channel = Channel.VOICE;
    /** Seed 001 "Direction". */
    public Direction direction = Direction.INBOUND;
    /** Seed 001 "Interaction Type". */
    public InteractionType interactionType = InteractionType.CALLED;
    /** Seed 001 "Is Transfer Interaction". */
    public boolean transfer;
    /** Seed 001 "Is Conference Interaction". */
    public boolean conference;
    /** Seed 001 "Priority". */
    public Integer priority;
    public String language;
    public InteractionState state = InteractionState.OFFERED;

    // addresses
    /** Seed 001 "Caller Number"; the ANI. */
    public String callerNumber;
    /** Seed 001 "Caller Name". */
    public String callerName;
    /** Seed 001 "DNIS". */
    public String dnis;
    /** Seed 001 "Destination Address". */
    public String destinationAddress;
    /** Seed 001 "Updated Originating Address" (after dialing rules). */
    public String updatedOriginatingAddress;
    /** Seed 001 "Updated Destination Address" (after dialing rules). */
    public String updatedDestinationAddress;

    // routing data
    /** Seed 001 "Topic ID" (queue number). */
    public String topicId;
    /** Seed 001 "Topic Name" (queue name). */
    public String topicName;
    /** Seed 001 "Skill ID". */
    public String skillId;
    /** Seed 001 "Skill Name". */
    public String skillName;
    /** Seed 001 "UUI". */
    public String uui;
    /** Seed 001 "ASAI UUI". */
    public String asaiUui;

    // attached data
    /** Seed 001 "Attributes" (AXP), e.g. language, department. */
    public Map<String, String> attributes = new LinkedHashMap<>();
    /** Seed 001 "Engagement Parameters" from AXP flows. */
    public Map<String, Object> engagementParameters = new LinkedHashMap<>();
    /** Seed 001 "Custom Fields". */
    public Map<String, Object> customFields = new LinkedHashMap<>();
    /** Seed 001 "Settings": display options, all booleans. */
    public Map<String, Boolean> settings = new LinkedHashMap<>();
    /** Call-attached variables (seed 003). */
    public List<Cav> cavs = new ArrayList<>();
    /** Softphone extras from callAccepted (ivrExitPath, channelName, recordingStatus, ...). */
    public Map<String, String> softphoneData = new LinkedHashMap<>();

    // timing; all instants are UTC
    /** When the interaction was offered; seed 001 "Start Date" and "Start Time" derive from it. */
    public Instant startTime;
    /** Seed 001 "Established Time". */
    public Instant establishedTime;
    /** Seed 001 "End Time". */
    public Instant endTime;
    public Instant finishedTime;
    /** Talk duration in seconds. */
    public Long durationSeconds;
    /** Seed 001 "ACW Duration" in seconds. */
    public Long acwDurationSeconds;

    // wrap-up
    /** Seed 001 "Subject". */
    public String subject;
    /** Seed 001 "Comments"; the softphone's notes. */
    public String comments;
    /** Seed 001 "Disposition Code". */
    public String dispositionCode;
    /**
     * Why the connector finished the interaction itself: {@code wrap-up-timeout}
     * (ended, never wrapped up) or {@code abandoned} (never ended); null when
     * its source finished it.
     */
    public String finishReason;
    /** Seed 001 "Work Codes". */
    public List<String> workCodes = new ArrayList<>();

    // CRM objects (seed 003)
    /** Objects the agent visited in the CRM during the interaction. */
    public List<CrmObject> visitedObjects = new ArrayList<>();
    /** Seed 001 "Name Options". */
    public List<CrmObject> nameOptions = new ArrayList<>();
    /** Seed 001 "Related To Options". */
    public List<CrmObject> relatedToOptions = new ArrayList<>();
    /** Seed 001 "Name ID": the selected Name object. */
    public CrmObject selectedName;
    /** Seed 001 "Related To ID": the selected Related To object. */
    public CrmObject selectedRelatedTo;
    /** What the screen-pop lookup found. */
    public List<CrmObject> searchResults = new ArrayList<>();

    // email drafts (seed 001, AXP)
    /** Seed 001 "Draft ID". */
    public String draftId;
    /** Seed 001 "Draft Saved Successfully". */
    public Boolean draftSavedSuccessfully;
    /** Seed 001 "Email Draft Body". */
    public String emailDraftBody;
    /** Seed 001 "Draft Attachments". */
    public List<Map<String, Object>> draftAttachments = new ArrayList<>();
    /** Seed 001 "Last Updated At". */
    public Instant lastUpdatedAt;
    /** Seed 001 "Last Updated By". */
    public String lastUpdatedBy;
    /** Seed 001 "Transferred By". */
    public String transferredBy;

    /** The ANI to look up: the updated address when dialing rules gave one. */
    public String ani() {
        return firstNonBlank(updatedOriginatingAddress, callerNumber);
    }

    /** The DNIS to look up: the updated address when dialing rules gave one. */
    public String dnisForLookup() {
        return firstNonBlank(updatedDestinationAddress, dnis, destinationAddress);
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
