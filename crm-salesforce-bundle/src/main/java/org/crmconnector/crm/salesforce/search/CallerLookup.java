package org.crmconnector.crm.salesforce.search;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.crmconnector.crm.salesforce.http.SalesforceApiException;
import org.crmconnector.crm.salesforce.http.SalesforceRestClient;
import org.crmconnector.crm.salesforce.pop.LightningUrls;
import org.crmconnector.crm.support.phone.PhoneNumbers;
import org.crmconnector.interaction.CrmObject;

import com.fasterxml.jackson.databind.JsonNode;

/** Finds records by phone number or free text with one SOSL call across the configured objects. */
public final class CallerLookup {

    private final SalesforceRestClient rest;
    private final List<SearchObject> objects;
    private final LightningUrls urls;
    private final LookupCache cache;
    private final int limit;

    public CallerLookup(SalesforceRestClient rest, List<SearchObject> objects, LightningUrls urls, LookupCache cache,
            int limit) {
        this.rest = rest;
        this.objects = List.copyOf(objects);
        this.urls = urls;
        this.cache = cache;
        this.limit = limit;
    }

    /** Records whose configured phone fields hold the number; empty for no usable number. */
    public List<CrmObject> byPhone(String number, Duration timeout) throws SalesforceApiException {
        Set<String> variants = PhoneNumbers.searchVariants(number);
        if (variants.isEmpty()) {
            return List.of();
        }
        List<CrmObject> cached = cache.get(number);
        if (cached != null) {
            return cached;
        }
        JsonNode records = search(SoslQuery.phoneLookup(variants, objects, limit), timeout);
        List<CrmObject> matches = new ArrayList<>();
        for (JsonNode record : records) {
            SearchObject object = objectOf(record);
            // The index matches digit runs anywhere in any phone field; keep only
            // records where a configured field is really this number.
            if (object != null && object.phoneFields().stream()
                    .anyMatch(f -> PhoneNumbers.sameNumber(number, record.path(f).asText("")))) {
                matches.add(toCrmObject(record, object));
            }
        }
        // Empty answers are not cached: a contact created right after a "no match"
        // pop must be found on the next call.
        if (!matches.isEmpty()) {
            cache.put(number, matches);
        }
        return matches;
    }

    /** The agent linked this record to the caller; remember it for the caller's next call. */
    public void remember(String number, CrmObject record) {
        if (record != null && record.id != null && record.label != null && number != null) {
            CrmObject linked = new CrmObject(record.id, record.label, record.name, record.isWho, record.isWhat);
            linked.url = record.url != null ? record.url : urls.record(record.label, record.id);
            cache.put(number, List.of(linked));
        }
    }

    public List<CrmObject> byText(String text, int max, Duration timeout) throws SalesforceApiException {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        JsonNode records = search(SoslQuery.textSearch(text, objects, Math.max(1, Math.min(max, 2000))), timeout);
        List<CrmObject> found = new ArrayList<>();
        for (JsonNode record : records) {
            SearchObject object = objectOf(record);
            if (object != null) {
                found.add(toCrmObject(record, object));
            }
        }
        return found;
    }

    private JsonNode search(String sosl, Duration timeout) throws SalesforceApiException {
        JsonNode body = rest.send("GET", "/search/?q=" + URLEncoder.encode(sosl, StandardCharsets.UTF_8), null, timeout).body();
        // v36.0 and later wrap the records; older versions answer a bare array.
        return body.isArray() ? body : body.path("searchRecords");
    }

    private SearchObject objectOf(JsonNode record) {
        String type = record.path("attributes").path("type").asText("");
        return objects.stream().filter(o -> o.type().equalsIgnoreCase(type)).findFirst().orElse(null);
    }

    private CrmObject toCrmObject(JsonNode record, SearchObject object) {
        String id = record.path("Id").asText();
        CrmObject crmObject = new CrmObject(id, object.type(), record.path("Name").asText(null), object.isWho(),
                !object.isWho());
        crmObject.url = urls.record(object.type(), id);
        return crmObject;
    }
}
