package org.crmconnector.crm.example;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** One connection to an Example CRM. The token's leading dot keeps it out of the service properties. */
@ObjectClassDefinition(name = "crm-connector: Example adapter",
        description = "Connects tenants to an Example CRM: caller lookup, call logging. One configuration per CRM connection.")
public @interface ExampleConfig {

    @AttributeDefinition(name = "Instance name",
            description = "Unique name of this adapter instance; tenants refer to it as their CRM instance.")
    String crm_instance() default "example";

    @AttributeDefinition(name = "Base URL", description = "The CRM's API, e.g. https://api.example-crm.com.")
    String base_url();

    @AttributeDefinition(name = "API token", type = AttributeType.PASSWORD, description = "Sent as 'Authorization: Bearer <token>'.")
    String _api_token();

    @AttributeDefinition(name = "Lookup timeout (ms)", description = "For the screen-pop lookup, on the agent's critical path.")
    int timeout_lookup_ms() default 3000;

    @AttributeDefinition(name = "Request timeout (ms)", description = "For logging.")
    int timeout_request_ms() default 20000;

    String webconsole_configurationFactory_nameHint() default "Example: {crm.instance}";
}
