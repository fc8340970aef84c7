package org.crmconnector.core.agent;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "CRM connector: agent event channel",
        description = "The server-sent event streams agent desktops and softphones hold open.")
public @interface AgentChannelConfig {

    @AttributeDefinition(name = "Keep-alive interval (seconds)",
            description = "A comment line is sent this often so proxies and firewalls keep the connection (seed 004: 30 s).")
    int keepalive_seconds() default 30;

    @AttributeDefinition(name = "Replay buffer size",
            description = "Events kept per agent stream for clients that reconnect with Last-Event-ID.")
    int replay_size() default 256;

    @AttributeDefinition(name = "Replay retention (seconds)",
            description = "An agent stream's replay buffer is dropped once no client has listened for this long.")
    int replay_retention_seconds() default 300;

    @AttributeDefinition(name = "Max agents per tenant",
            description = "Agents of one tenant that may have a replay buffer here at once (one per agent and stream kind). "
                    + "An event for, or a stream of, one more agent is refused with 429 TOO_MANY_AGENTS until idle agents' "
                    + "buffers are dropped after the replay retention; pops and notices the connector sends on its own to "
                    + "such an agent, who cannot be listening, are dropped and logged.")
    int max_agents_per_tenant() default 20_000;

    @AttributeDefinition(name = "Max open streams per agent",
            description = "Event streams one agent may hold open at once, both kinds together (a browser tab holds two). "
                    + "One more is refused with 429 TOO_MANY_STREAMS until one closes.")
    int max_streams_per_agent() default 16;

    @AttributeDefinition(name = "Max open streams per tenant",
            description = "Event streams all agents of one tenant may hold open at once. One more is refused with "
                    + "429 TOO_MANY_STREAMS until one closes.")
    int max_streams_per_tenant() default 20_000;

    @AttributeDefinition(name = "Max queued events per connection",
            description = "A connection that falls this far behind is closed; its client resumes from the replay buffer.")
    int max_queued() default 1024;
}
