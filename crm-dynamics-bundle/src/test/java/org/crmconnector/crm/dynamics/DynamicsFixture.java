package org.crmconnector.crm.dynamics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.crmconnector.crm.InteractionLog;
import org.crmconnector.crm.ScreenPopRequest;
import org.crmconnector.crm.dynamics.emulator.DataverseEmulator;
import org.crmconnector.crm.support.http.SharedHttpClients;
import org.crmconnector.interaction.Interaction;
import org.crmconnector.testing.MutableClock;

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
    static TestConfig config(String url) {
        return TestConfig.with("crm.instance", "contoso")
                .and("environment.url", url)
                .and("auth.authority", url)
                .and("auth.tenant", DataverseEmulator.TENANT)
                .and("client.id", DataverseEmulator.CLIENT_ID);
    }

    TestConfig config() {
        return config(environment.url()).and(".client.secret", DataverseEmulator.CLIENT_SECRET);
    }

    DynamicsConnector start(TestConfig config) {
        DynamicsConnector connector = new DynamicsConnector(clients, clock);
        connector.activate(config.build());
        started.add(connector);
        return connector;
    }

    DynamicsConnector start() {
        return start(config());
    }

    static ScreenPopRequest call(String ani) {
        ScreenPopRequest request = new ScreenPopRequest();
        request.ani = ani;
        request.interaction = interaction("pop-" + ani);
        return request;
    }

    static Interaction interaction(String id) {
        Interaction interaction = new Interaction();
        interaction.tenantId = "t1";
        interaction.interactionId = id;
        interaction.callerNumber = "+15551234567";
        interaction.startTime = Instant.parse("2026-03-01T10:00:00Z");
        interaction.establishedTime = Instant.parse("2026-03-01T10:00:05Z");
        interaction.endTime = Instant.parse("2026-03-01T10:02:05Z");
        return interaction;
    }

    static InteractionLog log(String id) {
        return new InteractionLog(interaction(id), null);
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
