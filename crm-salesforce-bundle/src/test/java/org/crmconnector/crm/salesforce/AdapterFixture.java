package org.crmconnector.crm.salesforce;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.crmconnector.crm.salesforce.emulator.SalesforceEmulator;
import org.crmconnector.crm.support.http.SharedHttpClients;
import org.crmconnector.testing.MutableClock;
import org.crmconnector.testing.ConfigProperties;

/** An emulated org and adapters connected to it over loopback HTTP; adapters are stopped on close. */
final class AdapterFixture implements AutoCloseable {

    final SalesforceEmulator org;
    final MutableClock clock = MutableClock.startingNow();
    private final List<SalesforceConnector> started = new ArrayList<>();
    final SharedHttpClients clients = new SharedHttpClients("test");

    AdapterFixture() {
        try {
            org = new SalesforceEmulator();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Client-credentials configuration pointing at the emulator. */
    ConfigProperties<SalesforceConfig> config() {
        return ConfigProperties.with(SalesforceConfig.class, "crm.instance", "acme")
                .and("instance.url", org.url())
                .and("client.id", SalesforceEmulator.CLIENT_ID)
                .and(".client.secret", SalesforceEmulator.CLIENT_SECRET);
    }

    SalesforceConnector start(ConfigProperties<SalesforceConfig> config) {
        SalesforceConnector connector = new SalesforceConnector(clients, clock);
        connector.activate(config.build());
        started.add(connector);
        return connector;
    }

    SalesforceConnector start() {
        return start(config());
    }

    @Override
    public void close() {
        for (SalesforceConnector connector : started) {
            connector.deactivate();
        }
        clients.close();
        org.close();
    }
}
