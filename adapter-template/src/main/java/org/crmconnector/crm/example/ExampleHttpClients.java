package org.crmconnector.crm.example;

import org.crmconnector.crm.support.http.SharedHttpClients;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/** The HTTP clients every Example instance shares: one client per connect timeout, not one per instance. */
@Component(service = ExampleHttpClients.class)
public class ExampleHttpClients extends SharedHttpClients {

    public ExampleHttpClients() {
        super("crm-example-http");
    }

    @Deactivate
    void deactivate() {
        close();
    }
}
