package org.crmconnector.core.streamtoken;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "CRM connector: stream tokens",
        description = "Short-lived tokens that let an agent's browser open that agent's event streams "
                + "(?access_token=) without the tenant's API key. Issued by POST agents/{agentId}/stream-tokens.")
public @interface StreamTokenConfig {

    @AttributeDefinition(name = "Signing secret", type = AttributeType.PASSWORD, required = false,
            description = "Base64 of at least 32 random bytes (e.g. openssl rand -base64 32). Empty: each start makes "
                    + "a random secret of its own, so tokens are valid only on the node that issued them and until "
                    + "it restarts (clients then fetch a new one). Several nodes behind one address need the same "
                    + "secret on every node.")
    String _secret() default "";

    @AttributeDefinition(name = "Lifetime (seconds)",
            description = "How long a token may open a stream: 10 to 3600. A stream opened in time stays open; "
                    + "a reconnect after expiry needs a fresh token.")
    int ttl_seconds() default 300;
}
