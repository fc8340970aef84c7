package org.crmconnector.core.console;

import java.io.IOException;
import java.util.Optional;

import org.crmconnector.core.tenant.Tenant;
import org.crmconnector.core.configadmin.Configurations;
import org.crmconnector.crm.CrmConnector;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** Finds the configuration behind a tenant or an adapter instance, for links to the Configuration tab. */
final class ConfigLinks {

    private final ConfigurationAdmin configAdmin;

    ConfigLinks(ConfigurationAdmin configAdmin) {
        this.configAdmin = configAdmin;
    }

    Optional<String> tenantPid(String tenantId) {
        return pid("(&(" + ConfigurationAdmin.SERVICE_FACTORYPID + "=" + Tenant.FACTORY_PID + ")(tenant.id="
                + Configurations.filterValue(tenantId) + "))");
    }

    /** Any adapter type: the instance name property is common to all of them. */
    Optional<String> adapterPid(String instance) {
        return pid("(" + CrmConnector.CRM_INSTANCE + "=" + Configurations.filterValue(instance) + ")");
    }

    /** Tenant id (or pid, when it names none) of every tenant configuration, by pid. */
    java.util.Map<String, String> tenantConfigurations() {
        java.util.Map<String, String> result = new java.util.TreeMap<>();
        if (configAdmin == null) {
            return result;
        }
        try {
            Configuration[] found = configAdmin.listConfigurations("(" + ConfigurationAdmin.SERVICE_FACTORYPID + "="
                    + Tenant.FACTORY_PID + ")");
            for (Configuration c : found == null ? new Configuration[0] : found) {
                Object id = c.getProperties() == null ? null : c.getProperties().get("tenant.id");
                result.put(c.getPid(), id == null ? "" : id.toString());
            }
        } catch (IOException | InvalidSyntaxException | RuntimeException e) {
            // the page shows the live tenants without this
        }
        return result;
    }

    private Optional<String> pid(String filter) {
        if (configAdmin == null) {
            return Optional.empty();
        }
        try {
            Configuration[] found = configAdmin.listConfigurations(filter);
            return found == null || found.length == 0 ? Optional.empty()
                    : Optional.ofNullable((String) found[0].getProperties().get(Constants.SERVICE_PID));
        } catch (IOException | InvalidSyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
