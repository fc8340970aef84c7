package org.crmconnector.crm.dynamics.phonecall;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.crmconnector.crm.CrmRecordRef;
import org.crmconnector.crm.DeliveryResult;
import org.crmconnector.crm.DispositionUpdate;
import org.crmconnector.crm.InteractionLog;
import org.crmconnector.crm.dynamics.lookup.RecordUrls;
import org.crmconnector.crm.dynamics.webapi.ODataText;
import org.crmconnector.crm.dynamics.webapi.WebApiClient;
import org.crmconnector.crm.dynamics.webapi.WebApiException;
import org.crmconnector.crm.dynamics.webapi.WebApiRequest;
import org.crmconnector.crm.dynamics.webapi.WebApiResponse;
import org.crmconnector.crm.support.owner.OwnerLookupException;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes interaction logs as {@code phonecall} activities. The first write
 * is an upsert addressed by the alternate key that holds the interaction's
 * key, {@code PATCH phonecalls(<key column>='tenant:id#leg')}: Dataverse
 * creates the record once and updates it on every later delivery (Microsoft
 * Learn, "Update and delete table rows using the Web API", upsert). A write
 * of a record the adapter already knows goes to its id with
 * {@code If-Match: *}, which never creates (ibid., "Prevent create in upsert").
 */
public final class PhonecallWriter {

    /** A {@code $batch} holds at most 1000 operations (Microsoft Learn, "Execute batch operations"). */
    public static final int MAX_BATCH = 1000;

    static final String TABLE = "phonecall";

    private final WebApiClient api;
    private final PhonecallMapper mapper;
    private final String keyColumn;
    private final RecordUrls urls;
    private final Duration timeout;
    private final int batchSize;
    private final ObjectMapper json;
    private final PhonecallOwner owner;

    public PhonecallWriter(WebApiClient api, PhonecallMapper mapper, String keyColumn, RecordUrls urls, Duration timeout,
            int batchSize, ObjectMapper json, PhonecallOwner owner) {
        this.owner = owner;
        this.api = api;
        this.mapper = mapper;
        this.keyColumn = keyColumn;
        this.urls = urls;
        this.timeout = timeout;
        this.batchSize = batchSize;
        this.json = json;
    }

    public DeliveryResult upsert(InteractionLog log) {
        return write(log, null);
    }

    /** One result per log, in order; {@code $batch} requests of up to the configured size. */
    public List<DeliveryResult> upsertAll(List<InteractionLog> logs) {
        if (logs.size() == 1) {
            return List.of(upsert(logs.get(0)));
        }
        List<DeliveryResult> results = new ArrayList<>(logs.size());
        for (int from = 0; from < logs.size(); from += batchSize) {
            results.addAll(writeBatch(logs.subList(from, Math.min(logs.size(), from + batchSize))));
        }
        return results;
    }

    /**
     * Writes the disposition into the log's record: the whole activity,
     * so a disposition that overtakes its log creates it complete.
     */
    public DeliveryResult setDisposition(DispositionUpdate update) {
        if (update.interaction == null || update.interaction.interactionId == null) {
            return DeliveryResult.cancel("disposition update without an interaction");
        }
        return write(new InteractionLog(update.interaction, update.record), update.dispositionCode);
    }

    private DeliveryResult write(InteractionLog log, String disposition) {
        if (log.interaction == null || log.interaction.interactionId == null) {
            return DeliveryResult.cancel("interaction log without an interaction id");
        }
        String row;
        try {
            row = row(log, disposition);
        } catch (OwnerLookupException e) {
            return ownerUnknown(log, e);
        }
        try {
            if (knownRecord(log) != null) {
                try {
                    return ok(api.send(byId(knownRecord(log), row), timeout), knownRecord(log));
                } catch (WebApiException e) {
                    if (e.status() != 404) {
                        throw e;
                    }
                    // deleted in the CRM since: write it again under its key
                }
            }
            return ok(api.send(byKey(log, row), timeout), null);
        } catch (WebApiException e) {
            return e.toDeliveryResult();
        }
    }

    private List<DeliveryResult> writeBatch(List<InteractionLog> logs) {
        List<DeliveryResult> results = new ArrayList<>(logs.size());
        List<WebApiRequest> requests = new ArrayList<>();
        List<Integer> sent = new ArrayList<>();
        for (int i = 0; i < logs.size(); i++) {
            InteractionLog log = logs.get(i);
            results.add(null);
            if (log.interaction == null || log.interaction.interactionId == null) {
                results.set(i, DeliveryResult.cancel("interaction log without an interaction id"));
                continue;
            }
            String row;
            try {
                row = row(log, null);
            } catch (OwnerLookupException e) {
                results.set(i, ownerUnknown(log, e));
                continue;
            }
            requests.add(knownRecord(log) != null ? byId(knownRecord(log), row) : byKey(log, row));
            sent.add(i);
        }
        if (requests.isEmpty()) {
            return results;
        }
        List<WebApiClient.Outcome> outcomes;
        try {
            outcomes = api.batch(requests, timeout);
        } catch (WebApiException e) {
            DeliveryResult failed = e.toDeliveryResult();
            sent.forEach(i -> results.set(i, failed));
            return results;
        }
        for (int n = 0; n < sent.size(); n++) {
            int i = sent.get(n);
            WebApiClient.Outcome outcome = outcomes.get(n);
            if (outcome.failure() == null) {
                results.set(i, ok(outcome.response(), knownRecord(logs.get(i))));
            } else if (outcome.failure().status() == 404 && knownRecord(logs.get(i)) != null) {
                results.set(i, write(new InteractionLog(logs.get(i).interaction, null), null));
            } else {
                results.set(i, outcome.failure().toDeliveryResult());
            }
        }
        return results;
    }

    /**
     * The phone call's columns; with the agent's user as owner when there is one
     * ({@code ownerid@odata.bind}, Microsoft Learn "Associate table rows on create").
     */
    private String row(InteractionLog log, String disposition) throws OwnerLookupException {
        ObjectNode columns = mapper.columns(log.interaction, disposition);
        String ownerId = owner.ownerOf(log.interaction);
        if (ownerId != null) {
            columns.put("ownerid@odata.bind", "/systemusers(" + ownerId + ")");
        }
        return WebApiRequest.jsonOf(columns, json);
    }

    private static DeliveryResult ownerUnknown(InteractionLog log, OwnerLookupException e) {
        return DeliveryResult.retry("the Dataverse user of agent '" + log.interaction.agentId
                + "' could not be looked up: " + e.getMessage());
    }

    /** The record id a previous delivery reported, when it is one of our phone calls. */
    private static String knownRecord(InteractionLog log) {
        CrmRecordRef r = log.existingRecord;
        return r != null && TABLE.equals(r.type) && ODataText.isGuid(r.id) ? r.id : null;
    }

    private WebApiRequest byKey(InteractionLog log, String row) {
        return WebApiRequest.patch(byKey(keyColumn, log.tenantKey()), row, Map.of());
    }

    /** The path of the phone call a log of this key ({@link InteractionLog#tenantKey()}) was upserted under. */
    static String byKey(String keyColumn, String tenantKey) {
        return "phonecalls(" + ODataText.keySegment(keyColumn, tenantKey) + ")";
    }

    /** The path of the phone call with this activity id. */
    static String byId(String id) {
        return "phonecalls(" + id + ")";
    }

    private static WebApiRequest byId(String id, String row) {
        return WebApiRequest.patch(byId(id), row, Map.of("If-Match", "*"));
    }

    /** The reference to the phone call with this activity id. */
    static CrmRecordRef ref(RecordUrls urls, String id) {
        return new CrmRecordRef(TABLE, id, urls.record(TABLE, id));
    }

    private DeliveryResult ok(WebApiResponse response, String knownId) {
        String id = response.recordId("activityid").orElse(knownId);
        return DeliveryResult.ok(id == null ? null : ref(urls, id));
    }

}
