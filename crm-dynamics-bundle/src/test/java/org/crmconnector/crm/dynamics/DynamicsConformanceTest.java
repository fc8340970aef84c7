package org.crmconnector.crm.dynamics;

import java.util.List;
import java.util.Set;

import org.crmconnector.crm.CrmConnector;
import org.crmconnector.crm.conformance.AdapterFactory;
import org.crmconnector.crm.conformance.CrmConnectorConformanceTest;
import org.crmconnector.crm.conformance.FakeCrm;
import org.crmconnector.crm.dynamics.emulator.DataverseEmulator;
import org.crmconnector.crm.support.http.SharedHttpClients;
import org.junit.jupiter.api.AfterEach;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The adapter conformance kit against the Dataverse emulator. */
class DynamicsConformanceTest extends CrmConnectorConformanceTest {

    private final SharedHttpClients clients = new SharedHttpClients("conformance");

    @AfterEach
    void closeClients() {
        clients.close();
    }

    @Override
    protected FakeCrm newFakeCrm() throws Exception {
        DataverseEmulator environment = new DataverseEmulator();
        return new FakeCrm() {
            @Override
            public String url() {
                return environment.url();
            }

            @Override
            public String addCaller(String name, String phone) {
                return environment.addContact(name, phone);
            }

            @Override
            public List<String> recordsWithKey(String tenantKey) {
                return environment.phonecalls().stream()
                        .filter(p -> tenantKey.equals(p.path(DataverseEmulator.KEY_COLUMN).asText(null)))
                        .map(p -> p.path("activityid").asText()).toList();
            }

            @Override
            public String notesOf(String recordId) {
                ObjectNode call = environment.phonecall(recordId);
                return call == null ? "" : call.path("description").asText();
            }

            @Override
            public void rejectWrites(String message) {
                environment.rejectWrites(message);
            }

            @Override
            public void close() {
                environment.close();
            }
        };
    }

    @Override
    protected AdapterFactory factory(FakeCrm crm) {
        return new AdapterFactory() {
            @Override
            public CrmConnector start(String crmUrl, Login login) {
                DynamicsConnector connector = new DynamicsConnector(clients, java.time.Clock.systemUTC());
                connector.activate(DynamicsFixture.config(crmUrl)
                        .and(".client.secret", login == Login.VALID ? DataverseEmulator.CLIENT_SECRET : "an-old-secret")
                        .and("timeout.lookup.ms", (int) screenPopTimeout().toMillis())
                        .build());
                return connector;
            }

            @Override
            public void stop(CrmConnector adapter) {
                ((DynamicsConnector) adapter).deactivate();
            }

            @Override
            public Set<String> secrets() {
                return Set.of(DataverseEmulator.CLIENT_SECRET);
            }
        };
    }
}
