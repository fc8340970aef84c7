package org.crmconnector.crm.dynamics;

import java.util.Map;

import org.crmconnector.crm.CrmConfigurationCheck;
import org.osgi.service.component.annotations.Component;
import org.osgi.util.converter.Converters;

/** Refuses, before it is saved, a Dynamics 365 configuration the adapter would refuse: the same settings check both. */
@Component(property = CrmConfigurationCheck.FACTORY_PID + "=" + DynamicsConfigurationCheck.FACTORY_PID)
public class DynamicsConfigurationCheck implements CrmConfigurationCheck {

    public static final String FACTORY_PID = "org.crmconnector.crm.dynamics";

    @Override
    public void check(Map<String, Object> properties) {
        // the OSGi converter maps attribute ids to the annotation's methods as DS does
        new DynamicsSettings(Converters.standardConverter().convert(properties).to(DynamicsConfig.class));
    }
}
