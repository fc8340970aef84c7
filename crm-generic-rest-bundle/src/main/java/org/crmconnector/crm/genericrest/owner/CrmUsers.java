package org.crmconnector.crm.genericrest.owner;

import java.io.IOException;
import java.time.Clock;

import org.crmconnector.crm.genericrest.config.OwnerSettings;
import org.crmconnector.crm.genericrest.http.RestClient;
import org.crmconnector.crm.genericrest.http.RestFailure;
import org.crmconnector.crm.genericrest.template.Values;
import org.crmconnector.crm.support.owner.OwnerLookupException;
import org.crmconnector.crm.support.owner.UserDirectory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Finds an agent's CRM user with the configured owner lookup request, e.g.
 * HubSpot's {@code GET /crm/v3/owners/?email={email}} read at {@code /results/0/id}.
 */
public final class CrmUsers implements UserDirectory {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final OwnerSettings settings;
    private final RestClient rest;
    private final Clock clock;

    public CrmUsers(OwnerSettings settings, RestClient rest, Clock clock) {
        this.settings = settings;
        this.rest = rest;
        this.clock = clock;
    }

    @Override
    public String find(String agentId, String email) throws OwnerLookupException {
        String address = email != null ? email : agentId.indexOf('@') > 0 ? agentId : null;
        Values values = new Values().put("agentId", agentId).put("email", address).put("now", clock.instant());
        if (settings.lookup().onlyEmptyVariables(values)
                || settings.lookup().uses("email") && address == null) {
            // asking for nobody would at best find nothing and at worst some user
            return null;
        }
        try {
            JsonNode answer = MAPPER.readTree(rest.send(settings.lookup().render(values)).body());
            JsonNode id = answer == null ? null : answer.at(settings.idPointer());
            return id == null || !id.isValueNode() || id.asText().isEmpty() ? null : id.asText();
        } catch (RestFailure e) {
            if (e.status() == 404) {
                // a lookup by path (/users/{agentId}) says "no such user" this way
                return null;
            }
            throw new OwnerLookupException("owner lookup failed: " + e.getMessage(), e.isRetryable(), e);
        } catch (IOException e) {
            throw new OwnerLookupException("owner lookup answer is not JSON: " + e.getMessage(), false, e);
        }
    }
}
