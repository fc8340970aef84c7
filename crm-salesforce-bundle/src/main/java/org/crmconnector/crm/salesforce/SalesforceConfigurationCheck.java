package org.crmconnector.crm.salesforce;

import java.util.Map;

import org.crmconnector.crm.CrmConfigurationCheck;
import org.osgi.service.component.annotations.Component;
import org.osgi.util.converter.Converters;

/** Refuses, before it is saved, a Salesforce configuration the adapter would refuse: the same settings check both. */
@Component(property = CrmConfigurationCheck.FACTORY_PID + "=" + SalesforceConfigurationCheck.FACTORY_PID)
public class SalesforceConfigurationCheck implements CrmConfigurationCheck {

    public static final String FACTORY_PID = "org.crmconnector.crm.salesforce";

    @Override
    public void check(Map<String, Object> properties) {
        // the OSGi converter maps attribute ids to the annotation's methods as DS does
        new SalesforceSettings(Converters.standardConverter().convert(properties).to(SalesforceConfig.class));
    }
}
