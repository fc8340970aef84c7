package org.crmconnector.crm.dynamics;

import org.crmconnector.crm.support.http.SharedHttpClients;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/** The HTTP clients every Dynamics 365 instance shares: one client per connect timeout, not one per instance. */
@Component(service = DynamicsHttpClients.class)
public class DynamicsHttpClients extends SharedHttpClients {

    public DynamicsHttpClients() {
        super("crm-dynamics-http");
    }

    @Deactivate
    void deactivate() {
        close();
    }
}
