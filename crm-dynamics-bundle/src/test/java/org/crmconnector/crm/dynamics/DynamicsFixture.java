package org.crmconnector.crm.dynamics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.crmconnector.crm.dynamics.emulator.DataverseEmulator;
import org.crmconnector.crm.support.http.SharedHttpClients;
import org.crmconnector.testing.MutableClock;
import org.crmconnector.testing.ConfigProperties;

/** An emulated environment and adapters connected to it over loopback HTTP; adapters are stopped on close ({@code @AutoClose}). */
final class DynamicsFixture implements AutoCloseable {

    final DataverseEmulator environment;
    final MutableClock clock = MutableClock.startingNow();
    private final List<DynamicsConnector> started = new ArrayList<>();
    private final SharedHttpClients clients = new SharedHttpClients("test");

    DynamicsFixture() {
        try {
            environment = new DataverseEmulator();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Everything but the credential: environment and authority are the emulator (or a link before it). */
    static ConfigProperties<DynamicsConfig> config(String url) {
        return ConfigProperties.with(DynamicsConfig.class, "crm.instance", "contoso")
                .and("environment.url", url)
                .and("auth.authority", url)
                .and("auth.tenant", DataverseEmulator.TENANT)
                .and("client.id", DataverseEmulator.CLIENT_ID);
    }

    ConfigProperties<DynamicsConfig> config() {
        return config(environment.url()).and(".client.secret", DataverseEmulator.CLIENT_SECRET);
    }

    DynamicsConnector start(ConfigProperties<DynamicsConfig> config) {
        DynamicsConnector connector = new DynamicsConnector(clients, clock);
        connector.activate(config.build());
        started.add(connector);
        return connector;
    }

    DynamicsConnector start() {
        return start(config());
    }

    @Override
    public void close() {
        for (DynamicsConnector connector : started) {
            connector.deactivate();
        }
        clients.close();
        environment.close();
    }
}
