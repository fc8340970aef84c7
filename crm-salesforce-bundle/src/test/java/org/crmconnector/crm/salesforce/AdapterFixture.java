package org.crmconnector.crm.salesforce;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.crmconnector.crm.InteractionLog;
import org.crmconnector.crm.ScreenPopRequest;
import org.crmconnector.crm.salesforce.emulator.SalesforceEmulator;
import org.crmconnector.crm.support.http.SharedHttpClients;
import org.crmconnector.interaction.Interaction;
import org.crmconnector.testing.MutableClock;

/** An emulated org and adapters connected to it over loopback HTTP; adapters are stopped on close. */
final class AdapterFixture implements AutoCloseable {

    final SalesforceEmulator org;
    final MutableClock clock = MutableClock.startingNow();
    private final List<SalesforceConnector> started = new ArrayList<>();
    final SharedHttpClients clients = new SharedHttpClients("test");

    AdapterFixture() throws IOException {
        org = new SalesforceEmulator();
    }

    /** Client-credentials configuration pointing at the emulator. */
    TestConfig config() {
        return TestConfig.with("crm.instance", "acme")
                .and("instance.url", org.url())
                .and("client.id", SalesforceEmulator.CLIENT_ID)
                .and(".client.secret", SalesforceEmulator.CLIENT_SECRET);
    }

    SalesforceConnector start(TestConfig config) {
        SalesforceConnector connector = new SalesforceConnector(clients, clock);
        connector.activate(config.build());
        started.add(connector);
        return connector;
    }

    SalesforceConnector start() {
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
        for (SalesforceConnector connector : started) {
            connector.deactivate();
        }
        clients.close();
        org.close();
    }
}
