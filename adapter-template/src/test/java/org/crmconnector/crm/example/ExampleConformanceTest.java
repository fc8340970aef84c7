package org.crmconnector.crm.example;

import java.util.Set;

import org.crmconnector.crm.CrmConnector;
import org.crmconnector.crm.conformance.AdapterFactory;
import org.crmconnector.crm.conformance.CrmConnectorConformanceTest;
import org.crmconnector.crm.conformance.FakeCrm;
import org.crmconnector.crm.conformance.ReferenceCrm;
import org.crmconnector.crm.support.http.SharedHttpClients;
import org.crmconnector.testing.ComponentConfig;
import org.junit.jupiter.api.AfterEach;

/**
 * The conformance kit against the kit's reference CRM. A new adapter
 * replaces {@link ReferenceCrm} with a fake of its own CRM (an emulator
 * written from the CRM's documentation) and keeps every check green.
 */
class ExampleConformanceTest extends CrmConnectorConformanceTest {

    private final SharedHttpClients clients = new SharedHttpClients("conformance");

    @AfterEach
    void closeClients() {
        clients.close();
    }

    @Override
    protected FakeCrm newFakeCrm() throws Exception {
        return new ReferenceCrm();
    }

    @Override
    protected AdapterFactory factory(FakeCrm crm) {
        return new AdapterFactory() {
            @Override
            public CrmConnector start(String crmUrl, Login login) {
                ExampleConnector connector = new ExampleConnector(clients);
                // the configuration as DS hands it over, by method name; defaults for the rest
                connector.activate(ComponentConfig.of(ExampleConfig.class, "crm_instance", "kit", "base_url", crmUrl,
                        "_api_token", login == Login.VALID ? ReferenceCrm.TOKEN : "revoked",
                        "timeout_lookup_ms", (int) screenPopTimeout().toMillis()));
                return connector;
            }

            @Override
            public void stop(CrmConnector adapter) throws Exception {
                ((ExampleConnector) adapter).deactivate();
            }

            @Override
            public Set<String> secrets() {
                return Set.of(ReferenceCrm.TOKEN);
            }
        };
    }
}
