package org.crmconnector.core.lifecycle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.crmconnector.interaction.Cav;
import org.crmconnector.interaction.CrmObject;
import org.crmconnector.interaction.Interaction;

/** Deep copies of interactions: adapters and API callers get snapshots, never the live object. */
public final class Interactions {

    private Interactions() {
    }

    public static Interaction copy(Interaction s) {
        Interaction c = new Interaction();
        c.tenantId = s.tenantId;
        c.interactionId = s.interactionId;
        c.legId = s.legId;
        c.ucid = s.ucid;
        c.agentId = s.agentId;
        c.resourceAddress = s.resourceAddress;
        c.partnerId = s.partnerId;
        c.interactionOrigin = s.interactionOrigin;
        c.channel = s.channel;
        c.direction = s.direction;
        c.interactionType = s.interactionType;
        c.transfer = s.transfer;
        c.conference = s.conference;
        c.priority = s.priority;
        c.language = s.language;
        c.state = s.state;
        c.callerNumber = s.callerNumber;
        c.callerName = s.callerName;
        c.dnis = s.dnis;
        c.destinationAddress = s.destinationAddress;
        c.updatedOriginatingAddress = s.updatedOriginatingAddress;
        c.updatedDestinationAddress = s.updatedDestinationAddress;
        c.topicId = s.topicId;
        c.topicName = s.topicName;
        c.skillId = s.skillId;
        c.skillName = s.skillName;
        c.uui = s.uui;
        c.asaiUui = s.asaiUui;
        c.attributes = new LinkedHashMap<>(s.attributes);
        c.engagementParameters = new LinkedHashMap<>(s.engagementParameters);
        c.customFields = new LinkedHashMap<>(s.customFields);
        c.settings = new LinkedHashMap<>(s.settings);
        c.cavs = new ArrayList<>(s.cavs.size());
        for (Cav cav : s.cavs) {
            c.cavs.add(new Cav(cav.id, cav.name, cav.group, cav.value));
        }
        c.softphoneData = new LinkedHashMap<>(s.softphoneData);
        c.startTime = s.startTime;
        c.establishedTime = s.establishedTime;
        c.endTime = s.endTime;
        c.finishedTime = s.finishedTime;
        c.durationSeconds = s.durationSeconds;
        c.acwDurationSeconds = s.acwDurationSeconds;
        c.subject = s.subject;
        c.comments = s.comments;
        c.dispositionCode = s.dispositionCode;
        c.finishReason = s.finishReason;
        c.workCodes = new ArrayList<>(s.workCodes);
        c.visitedObjects = copy(s.visitedObjects);
        c.nameOptions = copy(s.nameOptions);
        c.relatedToOptions = copy(s.relatedToOptions);
        c.selectedName = copy(s.selectedName);
        c.selectedRelatedTo = copy(s.selectedRelatedTo);
        c.searchResults = copy(s.searchResults);
        c.draftId = s.draftId;
        c.draftSavedSuccessfully = s.draftSavedSuccessfully;
        c.emailDraftBody = s.emailDraftBody;
        c.draftAttachments = new ArrayList<>(s.draftAttachments.size());
        for (Map<String, Object> a : s.draftAttachments) {
            c.draftAttachments.add(new LinkedHashMap<>(a));
        }
        c.lastUpdatedAt = s.lastUpdatedAt;
        c.lastUpdatedBy = s.lastUpdatedBy;
        c.transferredBy = s.transferredBy;
        return c;
    }

    public static CrmObject copy(CrmObject o) {
        if (o == null) {
            return null;
        }
        CrmObject c = new CrmObject(o.id, o.label, o.name, o.isWho, o.isWhat);
        c.url = o.url;
        return c;
    }

    public static List<CrmObject> copy(List<CrmObject> list) {
        List<CrmObject> c = new ArrayList<>(list.size());
        for (CrmObject o : list) {
            c.add(copy(o));
        }
        return c;
    }
}
