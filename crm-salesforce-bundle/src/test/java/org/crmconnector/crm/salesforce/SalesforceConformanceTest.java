package org.crmconnector.crm.salesforce;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.crmconnector.crm.CrmConnector;
import org.crmconnector.crm.conformance.AdapterFactory;
import org.crmconnector.crm.conformance.CrmConnectorConformanceTest;
import org.crmconnector.crm.conformance.FakeCrm;
import org.crmconnector.crm.support.http.SharedHttpClients;
import org.junit.jupiter.api.AfterEach;
import org.crmconnector.crm.salesforce.emulator.SalesforceEmulator;

/** The adapter conformance kit against the Salesforce emulator. */
class SalesforceConformanceTest extends CrmConnectorConformanceTest {

    private final SharedHttpClients clients = new SharedHttpClients("conformance");

    @AfterEach
    void closeClients() {
        clients.close();
    }

    private static final String KEY_FIELD = "CrmConnector_Key__c";

    @Override
    protected FakeCrm newFakeCrm() throws Exception {
        SalesforceEmulator org = new SalesforceEmulator();
        return new FakeCrm() {
            @Override
            public String url() {
                return org.url();
            }

            @Override
            public String addCaller(String name, String phone) {
                return org.addContact(name, phone);
            }

            @Override
            public List<String> recordsWithKey(String tenantKey) {
                return org.tasks().stream().filter(t -> tenantKey.equals(t.get(KEY_FIELD)))
                        .map(t -> (String) t.get("Id")).toList();
            }

            @Override
            public String notesOf(String recordId) {
                Map<String, Object> task = org.task(recordId);
                return task == null ? "" : Objects.toString(task.get("Description"), "");
            }

            @Override
            public void rejectWrites(String message) {
                org.validationRule(task -> true, message, "Subject");
            }

            @Override
            public void close() {
                org.close();
            }
        };
    }

    @Override
    protected AdapterFactory factory(FakeCrm crm) {
        return new AdapterFactory() {
            @Override
            public CrmConnector start(String crmUrl, Login login) {
                SalesforceConnector connector = new SalesforceConnector(clients, java.time.Clock.systemUTC());
                connector.activate(TestConfig.with("crm.instance", "kit")
                        .and("instance.url", crmUrl)
                        .and("client.id", SalesforceEmulator.CLIENT_ID)
                        .and(".client.secret", login == Login.VALID ? SalesforceEmulator.CLIENT_SECRET : "not-the-secret")
                        .and("timeout.lookup.ms", (int) screenPopTimeout().toMillis())
                        .build());
                return connector;
            }

            @Override
            public void stop(CrmConnector adapter) {
                ((SalesforceConnector) adapter).deactivate();
            }

            @Override
            public Set<String> secrets() {
                return Set.of(SalesforceEmulator.CLIENT_SECRET);
            }
        };
    }
}
