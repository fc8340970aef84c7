package org.crmconnector.core.console;

import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.crmconnector.core.checks.ConfigurationChecks;
import org.crmconnector.core.tenant.KeyStrength;
import org.crmconnector.core.tenant.Tenant;
import org.apache.felix.webconsole.spi.ConfigurationHandler;
import org.apache.felix.webconsole.spi.ValidationException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Refuses, when the Configuration tab saves it, a tenant or adapter instance
 * that would refuse to start with what was typed: the operator reads why at
 * once, and nothing is stored (a weak API key typed for a tenant least of
 * all). Without this the save succeeds, and the reason is only on the
 * connector page and in the log. Values that name a placeholder
 * ({@code $[env:...]}, {@code $[secret:...]}) are resolved only when the
 * component gets them, so such a configuration is checked then, not here.
 */
@Component(service = ConfigurationHandler.class)
public class ConsoleSaveCheck implements ConfigurationHandler {

    private final ConfigurationChecks checks;

    @Activate
    public ConsoleSaveCheck(@Reference ConfigurationChecks checks) {
        this.checks = checks;
    }

    @Override
    public void updateConfiguration(String factoryPid, String pid, Dictionary<String, Object> props)
            throws ValidationException {
        String checked = checks.checkedFactoryPid(factoryPid, pid).orElse(null);
        if (checked == null || props == null) {
            return;
        }
        Map<String, Object> values = new HashMap<>();
        for (String key : Collections.list(props.keys())) {
            values.put(key, props.get(key));
        }
        if (Tenant.FACTORY_PID.equals(checked) && values.get(Tenant.TYPED_KEY) instanceof String typed
                && !typed.isEmpty()) {
            var weakness = KeyStrength.weakness(typed);
            if (weakness.isPresent()) {
                throw new ValidationException("Not saved: " + weakness.get());
            }
        }
        Optional<String> refused = checks.refusal(checked, values);
        if (refused.isPresent()) {
            throw new ValidationException("Not saved: " + refused.get());
        }
    }

    @Override
    public void createConfiguration(String pid) {
        // an empty configuration is not saved through here
    }

    @Override
    public void createFactoryConfiguration(String factoryPid, String name) {
        // an empty configuration is not saved through here
    }

    @Override
    public void deleteConfiguration(String factoryPid, String pid) {
        // deleting refuses nothing
    }
}
