package org.crmconnector.core.node;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "CRM connector: node",
        description = "This server as one node of a deployment: its name, when it counts as ready, how it stops.")
public @interface NodeConfig {

    @AttributeDefinition(name = "Node id",
            description = "This node's name: on its outbox leases, in /health, in the console and on each delivery. "
                    + "Keep it stable across restarts, so a restarted node takes back its own work at once, and "
                    + "different between nodes sharing a store. Letters, digits, '.', '_' and '-', at most 64. "
                    + "Empty means the host name and a hash of the data folder (stable while neither changes); "
                    + "\"$[env:CRM_NODE_ID]\" takes it from the environment.")
    String node_id() default "";

    @AttributeDefinition(name = "Drain timeout (seconds)",
            description = "On SIGTERM, how long the node waits for API requests it is answering and deliveries it is "
                    + "running to finish before it stops anyway (their items then go back to the outbox and are "
                    + "delivered again). New API requests are answered 503 with Retry-After meanwhile.")
    int drain_timeout_seconds() default 30;

    @AttributeDefinition(name = "Drain minimum (seconds)",
            description = "On SIGTERM, the node answers /health/ready and new API requests 503 for at least this long "
                    + "before it closes its port, even when it has nothing left to finish, so that a load balancer "
                    + "polling /health/ready takes it out first and no client meets a closed port. Set it to the "
                    + "load balancer's check interval.")
    int drain_min_seconds() default 2;

    @AttributeDefinition(name = "Tenant wait at start (seconds)",
            description = "After start, /health/ready stays 503 while a tenant configuration is not yet a live tenant "
                    + "or a tenant's adapter instance is not bound, for at most this long. Once the node was ready (or "
                    + "the wait is over) a tenant or adapter that is missing or being swapped no longer takes the node "
                    + "out of the load balancer: that tenant's work waits in the outbox, every other tenant is served.")
    int start_wait_seconds() default 120;
}
