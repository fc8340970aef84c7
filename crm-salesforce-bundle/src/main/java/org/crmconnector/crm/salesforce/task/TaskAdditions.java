package org.crmconnector.crm.salesforce.task;

import static org.crmconnector.crm.salesforce.http.SalesforceRestClient.pathSegment;
import static org.crmconnector.crm.support.additions.AdditionNames.kindOf;
import static org.crmconnector.crm.support.additions.AdditionNames.labelOf;

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
import org.crmconnector.crm.support.text.FieldText;

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
        AdditionTargets.Target target = fields.of(addition.kind);
        if (target == null) {
            return DeliveryResult.cancel("this Salesforce adapter takes no " + kindOf(addition) + " additions "
                    + "(addition.fields)");
        }
        String content = addition.kind == InteractionAddition.Kind.RECORDING ? addition.url : addition.text;
        if (content == null || content.isBlank()) {
            return DeliveryResult.cancel("the " + kindOf(addition) + " addition " + addition.key() + " is empty");
        }
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
                String heading = "[" + labelOf(addition) + " " + addition.additionKey + "]";
                if (current.contains(heading)) {
                    return DeliveryResult.ok(taskRef(id));
                }
                String appended = (current.isEmpty() ? "" : current + "\n\n") + heading + "\n" + content;
                change.put(target.name(), FieldText.truncate(appended, TaskFieldMapping.STANDARD_LENGTHS.get(target.name())));
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
