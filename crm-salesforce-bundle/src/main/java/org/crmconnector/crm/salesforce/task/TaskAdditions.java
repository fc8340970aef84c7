package org.crmconnector.crm.salesforce.task;

import static org.crmconnector.crm.salesforce.http.SalesforceRestClient.pathSegment;
import static org.crmconnector.crm.support.additions.AdditionText.appended;
import static org.crmconnector.crm.support.additions.AdditionText.contentOf;
import static org.crmconnector.crm.support.additions.AdditionText.kindOf;
import static org.crmconnector.crm.support.additions.AdditionText.markerOf;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.crmconnector.crm.CrmRecordRef;
import org.crmconnector.crm.DeliveryResult;
import org.crmconnector.crm.InteractionAddition;
import org.crmconnector.crm.salesforce.http.SalesforceApiException;
import org.crmconnector.crm.salesforce.http.SalesforceRestClient;
import org.crmconnector.crm.salesforce.pop.LightningUrls;
import org.crmconnector.crm.support.additions.AdditionTargets;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Adds recordings, transcripts and summaries to the Task a log wrote. A set
 * field is idempotent by nature; an appended text carries a heading with the
 * addition's key, and is not appended again when the field already holds that
 * heading, so a repeated delivery changes nothing. The engine delivers one
 * interaction's additions one after the other, which keeps the read and the
 * write of one Task from interleaving.
 */
public final class TaskAdditions {

    private final SalesforceRestClient rest;
    private final AdditionTargets fields;
    private final String externalIdField;
    private final TaskGranularity granularity;
    private final LightningUrls urls;
    private final Duration timeout;

    public TaskAdditions(SalesforceRestClient rest, AdditionTargets fields, String externalIdField,
            TaskGranularity granularity, LightningUrls urls, Duration timeout) {
        this.rest = rest;
        this.fields = fields;
        this.externalIdField = externalIdField;
        this.granularity = granularity;
        this.urls = urls;
        this.timeout = timeout;
    }

    public DeliveryResult add(InteractionAddition addition) {
        String refused = fields.refusal(addition, "this Salesforce adapter");
        if (refused != null) {
            return DeliveryResult.cancel(refused);
        }
        AdditionTargets.Target target = fields.of(addition.kind);
        String content = contentOf(addition);
        if (rest.usage().pause().isPresent()) {
            return DeliveryResult.retry("Salesforce API usage near the daily allocation (" + rest.usage().lastHeader()
                    + "), deferring", rest.usage().pause().get());
        }
        try {
            JsonNode task = rest.send("GET", taskPath(addition) + "?fields=Id," + target.name(), null, timeout).body();
            String id = task.path("Id").asText();
            Map<String, Object> change = new LinkedHashMap<>();
            if (target.append()) {
                String current = task.path(target.name()).asText("");
                String marker = markerOf(addition);
                if (current.contains(marker)) {
                    return DeliveryResult.ok(taskRef(id));
                }
                Integer max = TaskFieldMapping.STANDARD_LENGTHS.get(target.name());
                String appended = appended(current, marker, content, max);
                if (appended == null) {
                    return DeliveryResult.cancel("the Task's " + target.name() + " of " + addition.logKey()
                            + " is full (" + max + " characters): the " + kindOf(addition) + " does not fit");
                }
                change.put(target.name(), appended);
            } else {
                change.put(target.name(), content);
            }
            rest.send("PATCH", "/sobjects/Task/" + pathSegment(id), change, timeout);
            return DeliveryResult.ok(taskRef(id));
        } catch (SalesforceApiException e) {
            if (e.status() == 404) {
                return DeliveryResult.cancel("the Task of " + addition.logKey() + " is not in Salesforce (deleted?): "
                        + e.getMessage());
            }
            return e.toDeliveryResult();
        }
    }

    /** By the id the log's delivery reported; otherwise by the external id the log was upserted under. */
    private String taskPath(InteractionAddition addition) {
        CrmRecordRef record = addition.record;
        if (record != null && record.id != null && "Task".equals(record.type)) {
            return "/sobjects/Task/" + pathSegment(record.id);
        }
        String logKey = granularity == TaskGranularity.PER_LEG ? addition.logKey() : addition.interactionId;
        String key = addition.tenantId == null || addition.tenantId.isEmpty() ? logKey : addition.tenantId + ":" + logKey;
        return "/sobjects/Task/" + pathSegment(externalIdField) + "/" + pathSegment(key);
    }

    private CrmRecordRef taskRef(String id) {
        return new CrmRecordRef("Task", id, urls.record("Task", id));
    }
}
