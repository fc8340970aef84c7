package org.crmconnector.core.http;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "CRM connector: HTTP API", description = "Limits of the tenant API under /api/v1.")
public @interface ApiConfig {

    @AttributeDefinition(name = "Max body size (bytes)", description = "Larger request bodies are refused with 413.")
    int max_body_bytes() default 1_048_576;

    @AttributeDefinition(name = "Allow stream tokens in query",
            description = "Accept a stream token (POST agents/{agentId}/stream-tokens) as ?access_token= on that agent's "
                    + "GET event streams, for browsers' EventSource, which cannot send an Authorization header. "
                    + "The tenant's API key is never accepted in a query string.")
    boolean allow_query_token() default true;
}
