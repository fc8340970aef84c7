package org.crmconnector.crm.genericrest.config;

import java.util.Map;

import org.crmconnector.crm.CrmConfigurationCheck;
import org.osgi.service.component.annotations.Component;
import org.osgi.util.converter.Converters;

/** Refuses, before it is saved, a generic REST configuration the connector would refuse: the same reader checks both. */
@Component(property = CrmConfigurationCheck.FACTORY_PID + "=" + GenericRestConfigurationCheck.FACTORY_PID)
public class GenericRestConfigurationCheck implements CrmConfigurationCheck {

    public static final String FACTORY_PID = "org.crmconnector.crm.genericrest";

    @Override
    public void check(Map<String, Object> properties) {
        // the OSGi converter maps attribute ids to the annotation's methods as DS does
        SettingsReader.read(Converters.standardConverter().convert(properties).to(GenericRestConfig.class));
    }
}
