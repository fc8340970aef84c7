package org.crmconnector.crm.genericrest;

import java.time.Clock;

import org.crmconnector.crm.genericrest.auth.Authentication;
import org.crmconnector.crm.genericrest.config.ConnectorSettings;
import org.crmconnector.crm.genericrest.http.HttpClientResource;
import org.crmconnector.crm.genericrest.http.RestClient;
import org.crmconnector.crm.genericrest.http.Sleeper;

/**
 * One configuration in force: its settings, its HTTP client and credentials.
 * A new configuration replaces the connection; the old one closes when its
 * last running request is done, so a change never cuts a delivery short.
 */
final class Connection {

    final ConnectorSettings settings;
    final RestClient rest;
    private final HttpClientResource http;
    private int users;
    private boolean retired;
    private boolean closed;

    Connection(ConnectorSettings settings, Clock clock, Sleeper sleeper) {
        this.settings = settings;
        this.http = new HttpClientResource(settings.instance(), settings.connectTimeout());
        Authentication auth = settings.auth().create(http.client(), settings.requestTimeout(), clock);
        this.rest = new RestClient(http.client(), auth, settings.retryPolicy(), settings.requestTimeout(), sleeper, clock);
    }

    /** @return false when the connection is already retired and must not be used */
    synchronized boolean acquire() {
        if (retired) {
            return false;
        }
        users++;
        return true;
    }

    synchronized void release() {
        users--;
        closeIfIdle();
    }

    /** No new requests; closes once the running ones are done. */
    synchronized void retire() {
        retired = true;
        closeIfIdle();
    }

    private void closeIfIdle() {
        if (retired && users == 0 && !closed) {
            closed = true;
            http.close();
        }
    }

    synchronized boolean isClosed() {
        return closed;
    }
}
