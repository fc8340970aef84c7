package org.crmconnector.crm.genericrest;

import java.time.Clock;
import java.time.Duration;

import org.crmconnector.crm.genericrest.auth.Authentication;
import org.crmconnector.crm.genericrest.config.ConnectorSettings;
import org.crmconnector.crm.genericrest.config.OwnerSettings;
import org.crmconnector.crm.genericrest.http.RestClient;
import org.crmconnector.crm.genericrest.http.Sleeper;
import org.crmconnector.crm.genericrest.owner.CrmUsers;
import org.crmconnector.crm.support.http.CallGate;
import org.crmconnector.crm.support.http.SharedHttpClients;
import org.crmconnector.crm.support.owner.AgentOwners;
import org.crmconnector.crm.support.phone.CreatedCallers;
import org.crmconnector.interaction.CrmObject;

/**
 * One configuration in force: its settings, its hold on the bundle's shared
 * HTTP client, its credentials. A new configuration replaces the connection;
 * the old one lets go of the client when its last running request is done,
 * so a change never cuts a delivery short.
 */
final class Connection {

    /** Longer than a CRM's search index usually lags behind a new record. */
    private static final Duration CREATED_REMEMBERED = Duration.ofMinutes(15);

    final ConnectorSettings settings;
    final RestClient rest;
    final AgentOwners owners;
    /** Records made for unknown callers, one per number; its memory lives as long as this configuration. */
    final CreatedCallers<CrmObject> createdCallers;
    private final SharedHttpClients.Lease http;
    private final CallGate gate = new CallGate();

    Connection(ConnectorSettings settings, SharedHttpClients clients, Clock clock, Sleeper sleeper) {
        this.settings = settings;
        this.http = clients.lease(settings.connectTimeout());
        Authentication auth = settings.auth().create(http.client(), settings.requestTimeout(), clock);
        this.rest = new RestClient(http.client(), auth, settings.retryPolicy(), settings.requestTimeout(), sleeper, clock);
        OwnerSettings o = settings.owners();
        this.owners = new AgentOwners(o.table(), o.lookup() == null ? null : new CrmUsers(o, rest, clock),
                o.lookup() != null, clock, o.cacheTtl());
        this.createdCallers = new CreatedCallers<>(clock, CREATED_REMEMBERED);
    }

    /** @return false when the connection is already retired and must not be used */
    boolean acquire() {
        return gate.enter();
    }

    void release() {
        gate.exit();
    }

    /** No new requests; closes once the running ones are done. */
    void retire() {
        gate.closeThen(http::close);
    }

    boolean isClosed() {
        return gate.isDrained();
    }
}
