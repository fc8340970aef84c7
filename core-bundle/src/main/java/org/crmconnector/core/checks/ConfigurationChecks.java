package org.crmconnector.core.checks;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.crmconnector.core.tenant.Tenant;
import org.crmconnector.crm.CrmConfigurationCheck;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.LoggerFactory;

/**
 * What a tenant or an adapter instance would refuse on activation, asked
 * before its configuration is saved, so whoever saves it (the operator API,
 * the Web Console's Configuration tab) is told why at once instead of
 * finding the configuration refused later. Tenants are checked by the core;
 * each adapter bundle registers a {@link CrmConfigurationCheck} for its
 * factory PID, and adapters come and go, so those are bound dynamically.
 */
@Component(service = ConfigurationChecks.class)
public class ConfigurationChecks {

    private final Map<String, CrmConfigurationCheck> adapters = new ConcurrentHashMap<>();
    private final boolean demoStart;

    @Activate
    public ConfigurationChecks(BundleContext context) {
        this(Boolean.parseBoolean(context.getProperty(Tenant.DEMO_START)));
    }

    /** @param demoStart whether the server runs with --demo, the only start a demo tenant is live in */
    public ConfigurationChecks(boolean demoStart) {
        this.demoStart = demoStart;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addCheck(CrmConfigurationCheck check, Map<String, Object> properties) {
        if (properties.get(CrmConfigurationCheck.FACTORY_PID) instanceof String pid) {
            adapters.put(pid, check);
        }
    }

    public void removeCheck(CrmConfigurationCheck check, Map<String, Object> properties) {
        if (properties.get(CrmConfigurationCheck.FACTORY_PID) instanceof String pid) {
            adapters.remove(pid, check);
        }
    }

    /**
     * The factory PID a configuration of {@code pid} belongs to, among those
     * checked here: {@code factoryPid~name} (files, the operator API) and
     * {@code factoryPid.<random>} (the Web Console) both name it.
     */
    public Optional<String> checkedFactoryPid(String factoryPid, String pid) {
        if (factoryPid != null) {
            return isChecked(factoryPid) ? Optional.of(factoryPid) : Optional.empty();
        }
        if (pid == null) {
            return Optional.empty();
        }
        int separator = Math.max(pid.lastIndexOf('~'), pid.lastIndexOf('.'));
        while (separator > 0) {
            String candidate = pid.substring(0, separator);
            if (isChecked(candidate)) {
                return Optional.of(candidate);
            }
            separator = Math.max(candidate.lastIndexOf('~'), candidate.lastIndexOf('.'));
        }
        return Optional.empty();
    }

    private boolean isChecked(String factoryPid) {
        return Tenant.FACTORY_PID.equals(factoryPid) || adapters.containsKey(factoryPid);
    }

    /**
     * Whether a value names a placeholder ({@code $[env:...]}, {@code $[secret:...]},
     * {@code $[prop:...]}): it is resolved only when the configuration reaches its
     * component, so checking the text now would judge the placeholder, not the value.
     */
    public static boolean namesPlaceholder(Map<String, Object> properties) {
        for (Object value : properties.values()) {
            if (value instanceof String s && s.contains("$[")) {
                return true;
            }
            if (value instanceof String[] array) {
                for (String s : array) {
                    if (s != null && s.contains("$[")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * Refuses {@code properties} as the tenant or adapter instance made from
     * them would; passes a factory PID nobody checks.
     *
     * @throws IllegalArgumentException naming the attribute, in the component's own words
     */
    public void check(String factoryPid, Map<String, Object> properties) {
        if (Tenant.FACTORY_PID.equals(factoryPid)) {
            Tenant.check(properties, demoStart);
            return;
        }
        CrmConfigurationCheck check = adapters.get(factoryPid);
        if (check != null) {
            check.check(Map.copyOf(properties));
        }
    }

    /**
     * Why a tenant or adapter instance made from {@code properties} would be
     * refused: the component's own words, or that its check broke (logged;
     * a check that breaks must not let its configuration through). Empty
     * when it would be taken, and for values naming a placeholder, which the
     * component checks once it gets them.
     */
    public Optional<String> refusal(String factoryPid, Map<String, Object> properties) {
        if (namesPlaceholder(properties)) {
            return Optional.empty();
        }
        try {
            check(factoryPid, properties);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(ConfigurationChecks.class).warn("The configuration check of {} failed", factoryPid, e);
            return Optional.of("the configuration could not be checked (" + e.getClass().getSimpleName()
                    + "); see the server log");
        }
    }
}
