package org.crmconnector.core.lifecycle;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "CRM connector: interaction lifecycle",
        description = "Where and how long the connector keeps interactions.")
public @interface InteractionRegistryConfig {

    @AttributeDefinition(name = "Finished grace period (seconds)",
            description = "A finished or rejected interaction's id is remembered this long, so late requests on it answer "
                    + "'interaction finished' (410) rather than 'not found'. Its data is gone at once.")
    long finished_grace_seconds() default 300;

    @AttributeDefinition(name = "Stale interaction timeout (seconds)",
            description = "A live interaction with no event for this long (a softphone that never sent callEnded) is ended "
                    + "and logged as abandoned; at least 60.")
    long stale_seconds() default 43200;

    @AttributeDefinition(name = "Max CAVs per interaction",
            description = "Call-attached variables one interaction may hold. A request that would add more is refused with "
                    + "409 TOO_MANY_CAVS and changes nothing. Lowering it takes no CAVs away from live interactions.")
    int max_cavs() default 256;

    @AttributeDefinition(name = "Max CRM objects per interaction",
            description = "Visited objects, Name options and Related To options one interaction may hold, each list on "
                    + "its own. A request that would add more is refused with 409 TOO_MANY_CRM_OBJECTS and changes "
                    + "nothing; a lookup's matches past it are not offered as options.")
    int max_crm_objects() default 100;

    @AttributeDefinition(name = "Data folder", required = false,
            description = "Where live interactions are stored durably. Empty: 'interactions' in the server's data folder. "
                    + "Read at start; a change applies at the next restart.")
    String data_folder() default "";
}
