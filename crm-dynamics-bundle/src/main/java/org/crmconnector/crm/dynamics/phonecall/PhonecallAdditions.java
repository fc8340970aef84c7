package org.crmconnector.crm.dynamics.phonecall;

import static org.crmconnector.crm.support.additions.AdditionText.appended;
import static org.crmconnector.crm.support.additions.AdditionText.contentOf;
import static org.crmconnector.crm.support.additions.AdditionText.kindOf;
import static org.crmconnector.crm.support.additions.AdditionText.markerOf;

import java.time.Duration;
import java.util.Map;

import org.crmconnector.crm.CrmRecordRef;
import org.crmconnector.crm.DeliveryResult;
import org.crmconnector.crm.InteractionAddition;
import org.crmconnector.crm.dynamics.lookup.RecordUrls;
import org.crmconnector.crm.dynamics.webapi.ODataText;
import org.crmconnector.crm.dynamics.webapi.WebApiClient;
import org.crmconnector.crm.dynamics.webapi.WebApiException;
import org.crmconnector.crm.dynamics.webapi.WebApiRequest;
import org.crmconnector.crm.support.additions.AdditionTargets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Adds recordings, transcripts and summaries to the phone call a log wrote.
 * The call is read ({@code GET phonecalls(<id>)}, or by the alternate key the
 * log was upserted under) and patched by its id. A set column is idempotent
 * by nature. An appended text carries a marker with the addition's key and is
 * not appended again when the column already holds it, so a repeated delivery
 * changes nothing; the append is sent with {@code If-Match: <the read's ETag>}
 * (Microsoft Learn, "Perform conditional operations using the Web API",
 * optimistic concurrency), so a write that came in between is not overwritten:
 * Dataverse answers 412 and the addition is tried again. A set column is sent
 * with {@code If-Match: *}, which never creates a row (ibid., "Prevent create
 * in upsert"), so a phone call deleted meanwhile is not made again, empty.
 */
public final class PhonecallAdditions {

    private final WebApiClient api;
    private final AdditionTargets columns;
    private final String keyColumn;
    private final RecordUrls urls;
    private final Duration timeout;
    private final ObjectMapper json;

    public PhonecallAdditions(WebApiClient api, AdditionTargets columns, String keyColumn, RecordUrls urls,
            Duration timeout, ObjectMapper json) {
        this.api = api;
        this.columns = columns;
        this.keyColumn = keyColumn;
        this.urls = urls;
        this.timeout = timeout;
        this.json = json;
    }

    public DeliveryResult add(InteractionAddition addition) {
        String refused = columns.refusal(addition, "this Dynamics 365 adapter");
        if (refused != null) {
            return DeliveryResult.cancel(refused);
        }
        AdditionTargets.Target target = columns.of(addition.kind);
        String content = contentOf(addition);
        try {
            JsonNode call = api.send(WebApiRequest.get(path(addition) + "?$select=activityid," + target.name()), timeout)
                    .body();
            String id = call.path("activityid").asText();
            String value = content;
            String precondition = "*";
            if (target.append()) {
                String current = call.path(target.name()).asText("");
                String marker = markerOf(addition);
                if (current.contains(marker)) {
                    return DeliveryResult.ok(ref(id));
                }
                Integer max = target.name().equals("description") ? PhonecallMapper.DESCRIPTION_MAX : null;
                value = appended(current, marker, content, max);
                if (value == null) {
                    return DeliveryResult.cancel("the phone call's " + target.name() + " of " + addition.logKey()
                            + " is full (" + max + " characters): the " + kindOf(addition) + " does not fit");
                }
                precondition = call.path("@odata.etag").asText("*");
            }
            api.send(WebApiRequest.patch(PhonecallWriter.byId(id), Map.of(target.name(), value), json,
                    Map.of("If-Match", precondition)), timeout);
            return DeliveryResult.ok(ref(id));
        } catch (WebApiException e) {
            if (e.status() == 404) {
                return DeliveryResult.cancel("the phone call of " + addition.logKey()
                        + " is not in Dataverse (deleted?): " + e.getMessage());
            }
            if (e.status() == 412) {
                return DeliveryResult.retry("the phone call of " + addition.logKey()
                        + " changed while the addition was written: " + e.getMessage());
            }
            return e.toDeliveryResult();
        }
    }

    /** By the id the log's delivery reported; otherwise by the alternate key the log was upserted under. */
    private String path(InteractionAddition addition) {
        CrmRecordRef record = addition.record;
        if (record != null && PhonecallWriter.TABLE.equals(record.type) && ODataText.isGuid(record.id)) {
            return "phonecalls(" + record.id + ")";
        }
        String logKey = addition.logKey();
        String key = addition.tenantId == null || addition.tenantId.isEmpty() ? logKey : addition.tenantId + ":" + logKey;
        return PhonecallWriter.byKey(keyColumn, key);
    }

    private CrmRecordRef ref(String id) {
        return PhonecallWriter.ref(urls, id);
    }


}
