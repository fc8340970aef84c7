package org.crmconnector.crm.genericrest.http;

import org.crmconnector.crm.support.http.SharedHttpClients;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/** The HTTP clients every generic REST instance shares: one client per connect timeout, not one per instance. */
@Component(service = GenericRestHttpClients.class)
public class GenericRestHttpClients extends SharedHttpClients {

    public GenericRestHttpClients() {
        super("crm-genericrest-http");
    }

    @Deactivate
    void deactivate() {
        close();
    }
}
