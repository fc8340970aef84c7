package org.crmconnector.core.pop;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "CRM connector: screen pop",
        description = "How caller lookups are run against the tenants' CRMs.")
public @interface ScreenPopConfig {

    @AttributeDefinition(name = "Lookup timeout (ms)",
            description = "A CRM lookup slower than this answers 'timed out' so the agent is not kept waiting.")
    long timeout_ms() default 3000;

    @AttributeDefinition(name = "Lookup threads", description = "Threads shared by all tenants' lookups.")
    int threads() default 32;

    @AttributeDefinition(name = "Max concurrent lookups per tenant",
            description = "Beyond this a tenant's lookup answers 'busy' at once, so one tenant's slow CRM cannot take every thread.")
    int per_tenant_concurrency() default 16;
}
