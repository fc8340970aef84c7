package org.crmconnector.crm.genericrest;

import static org.crmconnector.crm.genericrest.testing.Configs.config;
import static org.crmconnector.crm.genericrest.testing.Configs.props;

import java.time.Clock;
import java.util.Set;

import org.crmconnector.crm.CrmConnector;
import org.crmconnector.crm.conformance.AdapterFactory;
import org.crmconnector.crm.conformance.CrmConnectorConformanceTest;
import org.crmconnector.crm.conformance.FakeCrm;
import org.crmconnector.crm.support.http.SharedHttpClients;
import org.junit.jupiter.api.AfterEach;
import org.crmconnector.crm.conformance.ReferenceCrm;
import org.crmconnector.crm.genericrest.testing.RecordingSleeper;

/**
 * The adapter conformance kit against the kit's reference CRM, which upserts activities by key:
 * the configuration an integrator writes for idempotent logging
 * ({@code PUT /activities/{key}}, updates by {@code {recordId}}).
 */
class GenericRestConformanceTest extends CrmConnectorConformanceTest {

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
                GenericRestConnector connector = new GenericRestConnector(clients, Clock.systemUTC(), new RecordingSleeper());
                connector.activate(config(props(
                        "crm.instance", "kit",
                        "base.url", crmUrl,
                        "auth.type", "bearer",
                        ".auth.token", login == Login.VALID ? ReferenceCrm.TOKEN : "revoked-token",
                        "http.max.attempts", 1,
                        "http.request.timeout.ms", (int) screenPopTimeout().toMillis(),
                        "lookup.url", "/contacts?phone={ani}",
                        "lookup.records.pointer", "/results",
                        "lookup.record.url.template", crmUrl + "/app/contacts/{recordId}",
                        "log.method", "PUT",
                        "log.url", "/activities/{key}",
                        "log.body", "{\"subject\":\"{subject}\",\"notes\":\"{notes}\",\"disposition\":\"{disposition}\"}",
                        "log.update.url", "/activities/{recordId}",
                        "log.update.body", "{\"notes\":\"{notes}\",\"disposition\":\"{disposition}\"}")));
                return connector;
            }

            @Override
            public void stop(CrmConnector adapter) {
                ((GenericRestConnector) adapter).deactivate();
            }

            @Override
            public Set<String> secrets() {
                return Set.of(ReferenceCrm.TOKEN);
            }
        };
    }
}
