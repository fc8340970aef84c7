package org.crmconnector.core.outbox;

import java.util.Optional;

/** Which adapter instance a tenant names now; looked up at each delivery because tenants are reconfigured live. */
@FunctionalInterface
public interface TenantAdapterBinding {
    Optional<String> adapterInstance(String tenantId);
}
