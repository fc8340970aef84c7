package org.crmconnector.crm.salesforce.callers;

import static org.crmconnector.crm.salesforce.http.SalesforceRestClient.pathSegment;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.crmconnector.crm.salesforce.http.SalesforceApiException;
import org.crmconnector.crm.salesforce.http.SalesforceRestClient;
import org.crmconnector.crm.salesforce.pop.LightningUrls;
import org.crmconnector.crm.salesforce.task.TaskMapper;
import org.crmconnector.crm.salesforce.task.TaskOwner;
import org.crmconnector.crm.support.owner.OwnerLookupException;
import org.crmconnector.crm.support.phone.CreatedCallers;
import org.crmconnector.interaction.CrmObject;
import org.crmconnector.interaction.Interaction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Creates a Lead or Contact for a caller no record knows, at most one per
 * number. The record carries the caller's significant digits in a custom
 * field that is External ID and Unique, so Salesforce itself refuses a second
 * one ({@code DUPLICATE_VALUE}), whichever server node or adapter instance
 * tries; the loser reads the winner's record by that external id. Within this
 * instance, calls from one number wait for each other, so the common case
 * (two overlapping calls on one node) costs no refused request.
 * <p>
 * A plain create, not an upsert: an upsert would overwrite what the agent
 * already typed into the record when the search index has not caught up yet.
 * <p>
 * The record is owned by the agent's Salesforce user, as the call's Task is
 * ({@code owner.*} settings), when that user is known without a query (the
 * owner table's user id, or a user found for an earlier log and still
 * cached), unless the configured fields name an {@code OwnerId}: the
 * caller's pop does not wait for a user query. An owner Salesforce refuses
 * (a user deactivated since) leaves the record with the integration user.
 */
public final class UnknownCallerRecords {

    private static final Logger LOG = LoggerFactory.getLogger(UnknownCallerRecords.class);
    /** Longer than Salesforce's search index usually lags behind a new record. */
    private static final Duration REMEMBERED = Duration.ofMinutes(15);

    private final SalesforceRestClient rest;
    private final String objectType;
    private final TaskMapper fields;
    private final String externalIdField;
    private final LightningUrls urls;
    private final Duration timeout;
    private final CreatedCallers<CrmObject> created;
    private final TaskOwner owner;

    public UnknownCallerRecords(SalesforceRestClient rest, String objectType, TaskMapper fields, String externalIdField,
            LightningUrls urls, Duration timeout, Clock clock, TaskOwner owner) {
        this.rest = rest;
        this.owner = owner;
        this.objectType = objectType;
        this.fields = fields;
        this.externalIdField = externalIdField;
        this.urls = urls;
        this.timeout = timeout;
        this.created = new CreatedCallers<>(clock, REMEMBERED);
    }

    /** The caller's record: the one made for this number before, or a new one. */
    public CrmObject recordFor(String number, Interaction interaction) throws SalesforceApiException {
        String key = CreatedCallers.keyOf(number);
        return created.once(number, () -> createOrRead(key, interaction));
    }

    private CrmObject createOrRead(String key, Interaction interaction) throws SalesforceApiException {
        Map<String, Object> record = fields.fields(interaction);
        record.put(externalIdField, key);
        String ownerId = ownerOf(interaction);
        if (ownerId != null) {
            record.putIfAbsent("OwnerId", ownerId);
        }
        try {
            return create(record);
        } catch (SalesforceApiException e) {
            if (e.errors().stream().noneMatch(error -> "DUPLICATE_VALUE".equals(error.code()))) {
                throw e;
            }
            // made meanwhile elsewhere (another node): that record is the caller's
            JsonNode existing = rest.send("GET", "/sobjects/" + objectType + "/" + pathSegment(externalIdField) + "/"
                    + pathSegment(key), null, timeout).body();
            return crmObject(existing.path("Id").asText(), existing.path("Name").asText(nameOf(record)));
        }
    }

    /** Creates the record; one whose owner Salesforce refuses is created again for the integration user. */
    private CrmObject create(Map<String, Object> record) throws SalesforceApiException {
        try {
            JsonNode answer = rest.send("POST", "/sobjects/" + objectType + "/", record, timeout).body();
            return crmObject(answer.path("id").asText(), nameOf(record));
        } catch (SalesforceApiException e) {
            Object owner = record.get("OwnerId");
            if (owner == null || e.errors().stream()
                    .noneMatch(error -> error.fields() != null && error.fields().contains("OwnerId"))) {
                throw e;
            }
            LOG.warn("Salesforce refused {} as the owner of a {} for an unknown caller ({}); the integration user owns "
                    + "it", owner, objectType, e.getMessage());
            Map<String, Object> withoutOwner = new LinkedHashMap<>(record);
            withoutOwner.remove("OwnerId");
            JsonNode answer = rest.send("POST", "/sobjects/" + objectType + "/", withoutOwner, timeout).body();
            return crmObject(answer.path("id").asText(), nameOf(withoutOwner));
        }
    }

    private String ownerOf(Interaction interaction) {
        try {
            return owner.ownerOf(interaction);
        } catch (OwnerLookupException e) {
            LOG.info("The {} for an unknown caller stays with the integration user: the Salesforce user of agent '{}' "
                    + "could not be looked up ({})", objectType, interaction.agentId, e.getMessage());
            return null;
        }
    }

    private CrmObject crmObject(String id, String name) {
        // Leads and Contacts are "who" records: the log's Name (WhoId)
        CrmObject object = new CrmObject(id, objectType, name, true, false);
        object.url = urls.record(objectType, id);
        return object;
    }

    private static String nameOf(Map<String, Object> record) {
        Object first = record.get("FirstName");
        Object last = record.get("LastName");
        if (first == null && last == null) {
            return record.get("Name") == null ? null : String.valueOf(record.get("Name"));
        }
        return ((first == null ? "" : first + " ") + (last == null ? "" : last)).trim();
    }
}
