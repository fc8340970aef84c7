package org.crmconnector.crm.salesforce.http;

import org.crmconnector.crm.support.http.SharedHttpClients;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/** The HTTP clients every Salesforce instance shares: one client per connect timeout, not one per instance. */
@Component(service = SalesforceHttpClients.class)
public class SalesforceHttpClients extends SharedHttpClients {

    public SalesforceHttpClients() {
        super("crm-salesforce-http");
    }

    @Deactivate
    void deactivate() {
        close();
    }
}
