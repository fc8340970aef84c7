package org.crmconnector.crm.genericrest;

import java.time.Clock;

import org.crmconnector.crm.genericrest.auth.Authentication;
import org.crmconnector.crm.genericrest.config.ConnectorSettings;
import org.crmconnector.crm.genericrest.http.RestClient;
import org.crmconnector.crm.genericrest.http.Sleeper;
import org.crmconnector.crm.support.http.CallGate;
import org.crmconnector.crm.support.http.SharedHttpClients;

/**
 * One configuration in force: its settings, its hold on the bundle's shared
 * HTTP client, its credentials. A new configuration replaces the connection;
 * the old one lets go of the client when its last running request is done,
 * so a change never cuts a delivery short.
 */
final class Connection {

    final ConnectorSettings settings;
    final RestClient rest;
    private final SharedHttpClients.Lease http;
    private final CallGate gate = new CallGate();

    Connection(ConnectorSettings settings, SharedHttpClients clients, Clock clock, Sleeper sleeper) {
        this.settings = settings;
        this.http = clients.lease(settings.connectTimeout());
        Authentication auth = settings.auth().create(http.client(), settings.requestTimeout(), clock);
        this.rest = new RestClient(http.client(), auth, settings.retryPolicy(), settings.requestTimeout(), sleeper, clock);
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
