package org.crmconnector.crm.dynamics.owner;

import java.time.Duration;

import org.crmconnector.crm.dynamics.webapi.ODataText;
import org.crmconnector.crm.dynamics.webapi.WebApiClient;
import org.crmconnector.crm.dynamics.webapi.WebApiException;
import org.crmconnector.crm.dynamics.webapi.WebApiRequest;
import org.crmconnector.crm.support.owner.OwnerLookupException;
import org.crmconnector.crm.support.owner.UserDirectory;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Finds an agent's Dataverse user in the {@code systemusers} table: by
 * {@code internalemailaddress} when the owner table gives an address,
 * otherwise by the configured column holding agent ids; enabled users only
 * (Microsoft Learn, "Query data using the Web API"; systemuser table).
 */
public final class SystemUsers implements UserDirectory {

    private final WebApiClient api;
    private final String agentIdColumn;
    private final Duration timeout;

    /** @param agentIdColumn the systemuser column holding agent ids, or empty to look up by e-mail only */
    public SystemUsers(WebApiClient api, String agentIdColumn, Duration timeout) {
        this.api = api;
        this.agentIdColumn = agentIdColumn;
        this.timeout = timeout;
    }

    @Override
    public String find(String agentId, String email) throws OwnerLookupException {
        String column = email != null ? "internalemailaddress" : agentIdColumn;
        String value = email != null ? email : agentId;
        if (column.isEmpty()) {
            return null;
        }
        String filter = column + " eq " + ODataText.literal(value) + " and isdisabled eq false";
        JsonNode users;
        try {
            // $top=2: a second row means the value names no single user
            users = api.send(WebApiRequest.get("systemusers?$select=systemuserid&$filter=" + ODataText.encode(filter)
                    + "&$top=2"), timeout).body().path("value");
        } catch (WebApiException e) {
            throw new OwnerLookupException("systemuser lookup by " + column + ": " + e.getMessage(), e.isRetryable(), e);
        }
        if (users.size() > 1) {
            throw new OwnerLookupException("systemuser lookup by " + column + ": several enabled users have '" + value
                    + "'", false, null);
        }
        return users.size() == 1 ? users.get(0).path("systemuserid").asText(null) : null;
    }
}
