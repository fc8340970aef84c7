package org.crmconnector.crm;

import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Checks an adapter instance's configuration the way the adapter itself would
 * on activation, before anything is saved: the operator API and the Web
 * Console then refuse what the adapter would refuse, naming the attribute,
 * instead of saving a configuration that leaves the instance down. An adapter
 * bundle registers one per factory configuration it serves, with the service
 * property {@link #FACTORY_PID}.
 */
@ConsumerType
public interface CrmConfigurationCheck {

    /** Service property: the factory PID of the adapter configurations this service checks. */
    String FACTORY_PID = "crm.factory.pid";

    /**
     * @param properties the configuration's properties by attribute id, typed as its metatype says (a
     *            {@code String}, an {@code Integer}, a {@code String[]}, ...); an attribute left out takes
     *            its default
     * @throws IllegalArgumentException when the instance could not work with it; the message names the attribute
     */
    void check(Map<String, Object> properties);
}
