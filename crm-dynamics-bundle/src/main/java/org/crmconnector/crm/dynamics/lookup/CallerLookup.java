package org.crmconnector.crm.dynamics.lookup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.crmconnector.crm.dynamics.webapi.WebApiClient;
import org.crmconnector.crm.dynamics.webapi.WebApiException;
import org.crmconnector.crm.dynamics.webapi.WebApiRequest;
import org.crmconnector.crm.support.phone.PhoneNumbers;
import org.crmconnector.interaction.CrmObject;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Finds the caller in the configured tables. Dataverse keeps phone numbers
 * as typed, so no filter can compare them digit for digit: the query asks
 * for numbers ending in the caller's last four digits ({@code endswith},
 * Microsoft Learn, "Filter rows using OData"), and each answer is then
 * compared digit for digit. Several tables go out as one {@code $batch},
 * one round trip within the lookup timeout.
 */
public final class CallerLookup {

    /** Digits the filter asks for: enough to be selective, few enough to survive any formatting. */
    private static final int SUFFIX = 4;

    private final WebApiClient api;
    private final List<SearchEntity> entities;
    private final RecordUrls urls;
    private final int limit;

    public CallerLookup(WebApiClient api, List<SearchEntity> entities, RecordUrls urls, int limit) {
        this.api = api;
        this.entities = List.copyOf(entities);
        this.urls = urls;
        this.limit = limit;
    }

    public List<CrmObject> byPhone(String number, Duration timeout) throws WebApiException {
        String digits = PhoneNumbers.significant(number);
        if (digits.length() < PhoneNumbers.MIN_MATCH_DIGITS) {
            return List.of();
        }
        // the suffix filter lets through numbers that only end alike: ask for more than will be kept
        int top = Math.min(5000, Math.max(50, limit * 5));
        List<WebApiRequest> queries = entities.stream()
                .map(e -> WebApiRequest.get(e.phoneQuery(digits.substring(digits.length() - SUFFIX), top))).toList();
        List<JsonNode> answers = query(queries, timeout);
        List<CrmObject> matches = new ArrayList<>();
        for (int i = 0; i < entities.size() && matches.size() < limit; i++) {
            SearchEntity entity = entities.get(i);
            for (JsonNode row : answers.get(i).path("value")) {
                if (matches.size() < limit && entity.phoneColumns().stream()
                        .anyMatch(c -> PhoneNumbers.sameNumber(number, row.path(c).asText("")))) {
                    matches.add(toCrmObject(entity, row));
                }
            }
        }
        return matches;
    }

    /** Records whose name contains the text, for the agent's manual search. */
    public List<CrmObject> byText(String text, int max, Duration timeout) throws WebApiException {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        int top = Math.max(1, Math.min(max, 5000));
        List<JsonNode> answers = query(entities.stream().map(e -> WebApiRequest.get(e.textQuery(text.strip(), top))).toList(),
                timeout);
        List<CrmObject> found = new ArrayList<>();
        for (int i = 0; i < entities.size(); i++) {
            for (JsonNode row : answers.get(i).path("value")) {
                if (found.size() < top) {
                    found.add(toCrmObject(entities.get(i), row));
                }
            }
        }
        return found;
    }

    /** One GET alone, several as one {@code $batch}; the answers' bodies in order. */
    private List<JsonNode> query(List<WebApiRequest> queries, Duration timeout) throws WebApiException {
        List<JsonNode> answers = new ArrayList<>();
        if (queries.size() == 1) {
            answers.add(api.send(queries.get(0), timeout).body());
            return answers;
        }
        for (WebApiClient.Outcome outcome : api.batch(queries, timeout)) {
            if (outcome.failure() != null) {
                throw outcome.failure();
            }
            answers.add(outcome.response().body());
        }
        return answers;
    }

    private CrmObject toCrmObject(SearchEntity entity, JsonNode row) {
        String id = row.path(entity.idColumn()).asText();
        CrmObject o = new CrmObject(id, entity.logicalName(), row.path(entity.nameColumn()).asText(null), entity.isPerson(),
                !entity.isPerson());
        o.url = urls.record(entity.logicalName(), id);
        return o;
    }

    public List<SearchEntity> entities() {
        return entities;
    }
}
