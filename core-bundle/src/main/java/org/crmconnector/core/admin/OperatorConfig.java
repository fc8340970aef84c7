package org.crmconnector.core.admin;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "CRM connector: operator API",
        description = "Who may provision tenants and adapter instances through /api/v1/admin. Operator keys are not "
                + "tenant keys: a tenant key never opens the operator API, nor an operator key a tenant's.")
public @interface OperatorConfig {

    /*
     * The leading dot keeps the hashes out of the service registry, as for
     * tenants' key hashes.
     */
    @AttributeDefinition(name = "Operator keys", required = false,
            description = "One entry per operator: name=sha256:<64 hex digits>, the SHA-256 of a key of at least 128 "
                    + "bits (make the hash with the shell command crm:hashkey <key>). The name is written to the audit "
                    + "log with every change the operator makes. Empty: the operator API refuses every request.")
    String[] _operator_keys() default {};

    @AttributeDefinition(name = "Largest request body (bytes)",
            description = "Bound on one request to the operator API; a bulk request of 1,000 tenants with their "
                    + "adapter instances takes about 1 MB.")
    int max_body_bytes() default 8_388_608;
}
