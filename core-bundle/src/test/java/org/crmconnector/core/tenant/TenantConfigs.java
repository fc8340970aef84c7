package org.crmconnector.core.tenant;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

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
        return (TenantConfig) Proxy.newProxyInstance(TenantConfig.class.getClassLoader(), new Class<?>[] {TenantConfig.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "annotationType" -> TenantConfig.class;
                    case "toString" -> "TenantConfig" + values;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> {
                        if (values.containsKey(method.getName())) {
                            yield values.get(method.getName());
                        }
                        Object d = method.getDefaultValue();
                        if (d == null) {
                            throw new IllegalStateException("no value for " + method.getName());
                        }
                        yield d;
                    }
                });
    }

    static Tenant tenant(Object... overrides) {
        return new Tenant(config(overrides));
    }
}
