package org.crmconnector.core.tenant;

import java.util.HashMap;
import java.util.Map;

import org.crmconnector.testing.ComponentConfig;

/** {@link TenantConfig} instances for tests: the annotation's defaults plus overrides, as DS would build them. */
final class TenantConfigs {

    private TenantConfigs() {
    }

    /** A valid minimal configuration: tenant id {@code acme}, adapter instance {@code sf-prod}. */
    static TenantConfig config(Object... overrides) {
        Map<String, Object> values = new HashMap<>();
        values.put("tenant_id", "acme");
        values.put("adapter_instance", "sf-prod");
        for (int i = 0; i < overrides.length; i += 2) {
            values.put((String) overrides[i], overrides[i + 1]);
        }
        return ComponentConfig.of(TenantConfig.class, values);
    }

    static Tenant tenant(Object... overrides) {
        return new Tenant(config(overrides));
    }
}
