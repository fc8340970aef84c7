package org.crmconnector.core.lifecycle;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "CRM connector: interaction lifecycle",
        description = "How long the connector remembers interactions.")
public @interface InteractionRegistryConfig {

    @AttributeDefinition(name = "Finished grace period (seconds)",
            description = "A finished or rejected interaction's id is remembered this long, so late requests on it answer "
                    + "'interaction finished' (410) rather than 'not found'. Its data is gone at once.")
    long finished_grace_seconds() default 300;

    @AttributeDefinition(name = "Stale interaction timeout (seconds)",
            description = "A live interaction with no event for this long is dropped (a softphone that never sent callEnded).")
    long stale_seconds() default 43200;
}
