package org.crmconnector.crm.salesforce.owner;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Pattern;

import org.crmconnector.crm.salesforce.http.SalesforceApiException;
import org.crmconnector.crm.salesforce.http.SalesforceRestClient;
import org.crmconnector.crm.support.owner.OwnerLookupException;
import org.crmconnector.crm.support.owner.UserDirectory;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Finds an agent's Salesforce user with one SOQL query on User: by
 * {@code Email} when the owner table gives an address, otherwise by the
 * configured field (e.g. {@code FederationIdentifier} or a custom field)
 * holding the agent id. Only active users own new Tasks.
 */
public final class SalesforceUsers implements UserDirectory {

    /** A Salesforce User id: key prefix 005, 15 or 18 characters. */
    public static final Pattern USER_ID = Pattern.compile("005[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?");

    private final SalesforceRestClient rest;
    private final String agentIdField;
    private final Duration timeout;

    /** @param agentIdField the User field holding agent ids, or empty to look up by e-mail only */
    public SalesforceUsers(SalesforceRestClient rest, String agentIdField, Duration timeout) {
        this.rest = rest;
        this.agentIdField = agentIdField;
        this.timeout = timeout;
    }

    @Override
    public String find(String agentId, String email) throws OwnerLookupException {
        String field = email != null ? "Email" : agentIdField;
        String value = email != null ? email : agentId;
        if (field.isEmpty()) {
            return null;
        }
        // LIMIT 2: a second row means the value names no single user
        String soql = "SELECT Id FROM User WHERE " + field + " = '" + literal(value) + "' AND IsActive = true LIMIT 2";
        JsonNode records;
        try {
            records = rest.send("GET", "/query/?q=" + URLEncoder.encode(soql, StandardCharsets.UTF_8), null, timeout)
                    .body().path("records");
        } catch (SalesforceApiException e) {
            throw new OwnerLookupException("User lookup by " + field + ": " + e.getMessage(), e.isRetryable(), e);
        }
        if (records.size() > 1) {
            throw new OwnerLookupException("User lookup by " + field + ": several active users have " + field + " '"
                    + value + "'", false, null);
        }
        return records.size() == 1 ? records.get(0).path("Id").asText(null) : null;
    }

    /** A SOQL string literal's content: quote and backslash escaped (SOQL reserved characters). */
    static String literal(String value) {
        return value.replace("\\", "\\\\").replace("'", "\\'");
    }
}
