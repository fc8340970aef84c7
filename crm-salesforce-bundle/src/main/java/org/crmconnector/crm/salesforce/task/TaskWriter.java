package org.crmconnector.crm.salesforce.task;

import static org.crmconnector.crm.salesforce.http.SalesforceRestClient.pathSegment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.crmconnector.crm.CrmRecordRef;
import org.crmconnector.crm.DeliveryResult;
import org.crmconnector.crm.DispositionUpdate;
import org.crmconnector.crm.InteractionLog;
import org.crmconnector.crm.salesforce.http.ApiError;
import org.crmconnector.crm.salesforce.http.ApiResponse;
import org.crmconnector.crm.salesforce.http.SalesforceApiException;
import org.crmconnector.crm.salesforce.http.SalesforceRestClient;
import org.crmconnector.crm.salesforce.pop.LightningUrls;
import org.crmconnector.crm.support.owner.OwnerLookupException;
import org.crmconnector.crm.support.text.FieldText;
import org.crmconnector.interaction.Interaction;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Writes interaction logs as Tasks. Every write is an upsert on the external-id
 * field, so a retry or a replay after a crash finds the Task the first
 * delivery created instead of adding a second one.
 */
public final class TaskWriter {

    /** sObject Collections take at most 200 records per request. */
    public static final int MAX_BATCH = 200;

    private final SalesforceRestClient rest;
    private final TaskMapper mapper;
    private final String externalIdField;
    private final LightningUrls urls;
    private final Duration timeout;
    private final TaskOwner owner;

    public TaskWriter(SalesforceRestClient rest, TaskMapper mapper, String externalIdField, LightningUrls urls,
            Duration timeout, TaskOwner owner) {
        this.owner = owner;
        this.rest = rest;
        this.mapper = mapper;
        this.externalIdField = externalIdField;
        this.urls = urls;
        this.timeout = timeout;
    }

    /** {@code PATCH /sobjects/Task/{field}/{key}}: 201 created, 200 updated. */
    public DeliveryResult upsert(InteractionLog log) {
        return upsertAll(List.of(log)).get(0);
    }

    /** The Task's fields with its owner, when the agent has a Salesforce user. */
    private Map<String, Object> fields(Interaction interaction, String ownerId) {
        Map<String, Object> fields = mapper.fields(interaction);
        if (ownerId != null) {
            fields.put("OwnerId", ownerId);
        }
        return fields;
    }

    private static DeliveryResult ownerUnknown(Interaction interaction, OwnerLookupException e) {
        return DeliveryResult.retry("the Salesforce user of agent '" + (interaction == null ? null : interaction.agentId)
                + "' could not be looked up: " + e.getMessage());
    }

    private DeliveryResult upsert(String externalId, Map<String, Object> fields) {
        Optional<DeliveryResult> paused = pausedForLimits();
        if (paused.isPresent()) {
            return paused.get();
        }
        try {
            ApiResponse response = rest.send("PATCH",
                    "/sobjects/Task/" + pathSegment(externalIdField) + "/" + pathSegment(externalId), fields, timeout);
            // API versions before 46.0 answer an update with 204 and no id.
            String id = response.body().path("id").asText(null);
            return DeliveryResult.ok(new CrmRecordRef("Task", id, id == null ? null : urls.record("Task", id)));
        } catch (SalesforceApiException e) {
            return upsertFailure(e);
        }
    }

    /**
     * A 404 on an upsert URL means the external-id field does not exist (or is
     * not marked External ID): an org set-up gap an administrator can close,
     * so the logs wait instead of being dropped.
     */
    private DeliveryResult upsertFailure(SalesforceApiException e) {
        if (e.status() == 404) {
            return DeliveryResult.retry("Task field " + externalIdField + " is missing or not an External ID field ("
                    + e.getMessage() + ")", rest.usage().backoff());
        }
        return e.toDeliveryResult();
    }

    /**
     * Upserts many logs with sObject Collections, up to {@link #MAX_BATCH} per
     * request and {@code allOrNone=false} so that one rejected record does not
     * hold back the others. One result per log, in order.
     */
    public List<DeliveryResult> upsertAll(List<InteractionLog> logs) {
        DeliveryResult[] results = new DeliveryResult[logs.size()];
        String[] owners = new String[logs.size()];
        List<Integer> ready = new ArrayList<>(logs.size());
        for (int i = 0; i < logs.size(); i++) {
            try {
                owners[i] = owner.ownerOf(logs.get(i).interaction);
                ready.add(i);
            } catch (OwnerLookupException e) {
                results[i] = ownerUnknown(logs.get(i).interaction, e);
            }
        }
        if (ready.size() == 1) {
            int i = ready.get(0);
            results[i] = upsert(mapper.externalId(logs.get(i)), fields(logs.get(i).interaction, owners[i]));
        } else if (!ready.isEmpty()) {
            for (List<Integer> batch : batches(logs, ready)) {
                deliverBatch(logs, owners, batch, results);
            }
        }
        return List.of(results);
    }

    /**
     * Splits into requests of at most 200 records. Two logs with the same
     * external id never share a request: Salesforce would reject both as
     * duplicates, and the later one must win.
     */
    private List<List<Integer>> batches(List<InteractionLog> logs, List<Integer> ready) {
        List<List<Integer>> batches = new ArrayList<>();
        List<Integer> pending = ready;
        while (!pending.isEmpty()) {
            List<Integer> batch = new ArrayList<>();
            List<Integer> later = new ArrayList<>();
            Set<String> keys = new HashSet<>();
            for (int i : pending) {
                if (batch.size() < MAX_BATCH && keys.add(mapper.externalId(logs.get(i)))) {
                    batch.add(i);
                } else {
                    later.add(i);
                }
            }
            batches.add(batch);
            pending = later;
        }
        return batches;
    }

    private void deliverBatch(List<InteractionLog> logs, String[] owners, List<Integer> batch, DeliveryResult[] results) {
        Optional<DeliveryResult> paused = pausedForLimits();
        if (paused.isPresent()) {
            batch.forEach(i -> results[i] = paused.get());
            return;
        }
        List<Map<String, Object>> records = new ArrayList<>(batch.size());
        for (int i : batch) {
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("attributes", Map.of("type", "Task"));
            record.put(externalIdField, mapper.externalId(logs.get(i)));
            record.putAll(fields(logs.get(i).interaction, owners[i]));
            records.add(record);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("allOrNone", false);
        body.put("records", records);
        JsonNode answers;
        try {
            answers = rest.send("PATCH", "/composite/sobjects/Task/" + pathSegment(externalIdField), body, timeout).body();
        } catch (SalesforceApiException e) {
            DeliveryResult failed = upsertFailure(e);
            batch.forEach(i -> results[i] = failed);
            return;
        }
        for (int n = 0; n < batch.size(); n++) {
            results[batch.get(n)] = resultOf(answers.path(n));
        }
    }

    /** One save result: {@code {"id","success","errors":[{"statusCode","message","fields"}],"created"}}. */
    private DeliveryResult resultOf(JsonNode answer) {
        if (answer.isMissingNode()) {
            return DeliveryResult.retry("Salesforce returned no result for this record");
        }
        if (answer.path("success").asBoolean(false)) {
            String id = answer.path("id").asText(null);
            return DeliveryResult.ok(new CrmRecordRef("Task", id, id == null ? null : urls.record("Task", id)));
        }
        List<ApiError> errors = new ArrayList<>();
        answer.path("errors").forEach(e -> errors.add(ApiError.of(e)));
        String message = errors.stream().map(ApiError::toString).collect(Collectors.joining("; "));
        if (errors.isEmpty() || errors.stream().anyMatch(ApiError::isTransient)) {
            boolean limit = errors.stream().anyMatch(e -> "REQUEST_LIMIT_EXCEEDED".equals(e.code()));
            return DeliveryResult.retry(message.isEmpty() ? "Salesforce did not save the record" : message,
                    limit ? rest.usage().backoff() : null);
        }
        return DeliveryResult.cancel(message);
    }

    /**
     * Writes the disposition into the Task: by record id when the log's
     * delivery reported one, otherwise (or when that record is gone) by
     * upserting the whole Task under its external id, which also covers a
     * disposition that overtakes its log.
     */
    public DeliveryResult setDisposition(DispositionUpdate update) {
        if (update.interaction == null) {
            return DeliveryResult.cancel("disposition update without an interaction");
        }
        String field = mapper.dispositionField();
        if (update.record != null && update.record.id != null && "Task".equals(update.record.type)) {
            Optional<DeliveryResult> paused = pausedForLimits();
            if (paused.isPresent()) {
                return paused.get();
            }
            Map<String, Object> change = new LinkedHashMap<>();
            change.put(field, update.dispositionCode);
            try {
                rest.send("PATCH", "/sobjects/Task/" + pathSegment(update.record.id), change, timeout);
                return DeliveryResult.ok(update.record);
            } catch (SalesforceApiException e) {
                if (e.status() != 404) {
                    return e.toDeliveryResult();
                }
            }
        }
        Map<String, Object> fields;
        try {
            fields = fields(update.interaction, owner.ownerOf(update.interaction));
        } catch (OwnerLookupException e) {
            return ownerUnknown(update.interaction, e);
        }
        if (update.dispositionCode != null) {
            fields.put(field, FieldText.truncate(update.dispositionCode, TaskFieldMapping.STANDARD_LENGTHS.get(field)));
        }
        return upsert(mapper.externalId(new InteractionLog(update.interaction, update.record)), fields);
    }

    private Optional<DeliveryResult> pausedForLimits() {
        return rest.usage().pause().map(wait -> DeliveryResult.retry(
                "Salesforce API usage near the daily allocation (" + rest.usage().lastHeader() + "), deferring",
                wait));
    }
}
