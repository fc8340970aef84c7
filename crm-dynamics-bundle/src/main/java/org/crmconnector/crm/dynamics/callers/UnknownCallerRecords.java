package org.crmconnector.crm.dynamics.callers;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import org.crmconnector.crm.dynamics.lookup.RecordUrls;
import org.crmconnector.crm.dynamics.lookup.SearchEntity;
import org.crmconnector.crm.dynamics.webapi.ODataText;
import org.crmconnector.crm.dynamics.webapi.WebApiClient;
import org.crmconnector.crm.dynamics.webapi.WebApiException;
import org.crmconnector.crm.dynamics.webapi.WebApiRequest;
import org.crmconnector.crm.dynamics.webapi.WebApiResponse;
import org.crmconnector.crm.support.phone.CreatedCallers;
import org.crmconnector.interaction.CrmObject;
import org.crmconnector.interaction.Interaction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Creates a contact or lead for a caller no record knows, at most one per
 * number. The row is addressed by an alternate key column that holds the
 * caller's significant digits, {@code PATCH contacts(new_crmconnectorphone='15559876543')},
 * sent with {@code If-None-Match: *}: an upsert that may only create
 * (Microsoft Learn, "Use Upsert to Create or Update a record" and "Perform
 * conditional operations using the Web API", "Prevent update in upsert").
 * Dataverse's key makes the row unique, whichever server node or adapter
 * instance tries; the one that comes second gets 412 Precondition Failed and
 * reads the row by that key. Within this instance, calls from one number wait
 * for each other, so two overlapping calls on one node cost no refused request.
 * <p>
 * Create only, never update: an update would overwrite what the agent already
 * typed into the record.
 */
public final class UnknownCallerRecords {

    /**
     * Dataverse's filters see a new row at once, so the memory only has to
     * outlast calls that overlap with the one that made the row.
     */
    private static final Duration REMEMBERED = Duration.ofMinutes(5);

    private final WebApiClient api;
    private final String table;
    private final CallerColumns columns;
    private final String alternateKey;
    private final RecordUrls urls;
    private final Duration timeout;
    private final ObjectMapper json;
    private final CreatedCallers<CrmObject> created;

    /** @param table {@code contact} or {@code lead} */
    public UnknownCallerRecords(WebApiClient api, String table, CallerColumns columns, String alternateKey, RecordUrls urls,
            Duration timeout, ObjectMapper json, Clock clock) {
        this.api = api;
        this.table = table;
        this.columns = columns;
        this.alternateKey = alternateKey;
        this.urls = urls;
        this.timeout = timeout;
        this.json = json;
        this.created = new CreatedCallers<>(clock, REMEMBERED);
    }

    /**
     * The caller's record: the one made for this number before, or a new one.
     *
     * @param interaction the call, for the record's columns; may be null
     */
    public CrmObject recordFor(String number, Interaction interaction) throws WebApiException {
        String key = CreatedCallers.keyOf(number);
        return created.once(number, () -> createOrRead(key, number, interaction));
    }

    private CrmObject createOrRead(String key, String number, Interaction interaction) throws WebApiException {
        // contact and lead: entity sets contacts and leads, primary keys contactid and leadid
        String row = SearchEntity.plural(table) + "(" + ODataText.keySegment(alternateKey, key) + ")";
        Map<String, String> values = columns.values(number, interaction);
        try {
            WebApiResponse answer = api.send(WebApiRequest.patch(row, values, json, Map.of("If-None-Match", "*")),
                    timeout);
            String id = answer.recordId(table + "id").orElse(null);
            if (id != null) {
                return crmObject(id, nameOf(values));
            }
        } catch (WebApiException e) {
            if (e.status() != 412) {
                throw e;
            }
            // made meanwhile elsewhere (another node): that row is the caller's
        }
        JsonNode existing = api.send(WebApiRequest.get(row + "?$select=" + table + "id,fullname"), timeout).body();
        return crmObject(existing.path(table + "id").asText(), existing.path("fullname").asText(nameOf(values)));
    }

    private CrmObject crmObject(String id, String name) {
        // contacts and leads are people: the log's Name, the phone call's regarding record
        CrmObject object = new CrmObject(id, table, name, true, false);
        object.url = urls.record(table, id);
        return object;
    }

    /** Dataverse composes fullname from firstname and lastname. */
    private static String nameOf(Map<String, String> values) {
        String name = (values.getOrDefault("firstname", "") + " " + values.getOrDefault("lastname", "")).strip();
        return name.isEmpty() ? null : name;
    }

}
