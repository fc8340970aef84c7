package org.crmconnector.core.console;

import java.util.Dictionary;

import org.crmconnector.core.tenant.KeyStrength;
import org.crmconnector.core.tenant.Tenant;
import org.apache.felix.webconsole.spi.ConfigurationHandler;
import org.apache.felix.webconsole.spi.ValidationException;
import org.osgi.service.component.annotations.Component;

/**
 * Refuses a tenant's weak API key when the Configuration tab saves it, so the
 * operator reads why at once and the typed key is never stored. The tenant
 * itself refuses such a key too (a configuration file can bring one), but by
 * then it is in the configuration, and the reason only in the log.
 */
@Component(service = ConfigurationHandler.class)
public class TenantKeyCheck implements ConfigurationHandler {

    @Override
    public void updateConfiguration(String factoryPid, String pid, Dictionary<String, Object> props)
            throws ValidationException {
        if (!isTenant(factoryPid, pid)) {
            return;
        }
        Object key = props.get(Tenant.TYPED_KEY);
        if (key instanceof String typed && !typed.isEmpty()) {
            var weakness = KeyStrength.weakness(typed);
            if (weakness.isPresent()) {
                throw new ValidationException("Not saved: " + weakness.get());
            }
        }
    }

    private static boolean isTenant(String factoryPid, String pid) {
        return Tenant.FACTORY_PID.equals(factoryPid)
                || pid != null && (pid.startsWith(Tenant.FACTORY_PID + "~") || pid.startsWith(Tenant.FACTORY_PID + "."));
    }

    @Override
    public void createConfiguration(String pid) {
        // creating an empty configuration holds no key
    }

    @Override
    public void createFactoryConfiguration(String factoryPid, String name) {
        // creating an empty configuration holds no key
    }

    @Override
    public void deleteConfiguration(String factoryPid, String pid) {
        // deleting a tenant removes its keys
    }
}
