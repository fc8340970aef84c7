package org.crmconnector.store.postgresql.bus;

import java.time.Duration;

import org.crmconnector.eventbus.AgentEventBus;
import org.crmconnector.store.postgresql.store.SharedTestDatabase;
import org.crmconnector.testing.ComponentConfig;
import org.crmconnector.testing.eventbus.AgentEventBusContract;
import org.crmconnector.testing.postgres.PostgresExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** The bus contract across two nodes: two buses, each with its own pool and listener, on one database. */
@ExtendWith(PostgresExtension.class)
class PostgresAgentEventBusContractTest extends AgentEventBusContract {

    private PostgresAgentEventBus nodeA;
    private PostgresAgentEventBus nodeB;

    @BeforeEach
    void startNodes() throws Exception {
        SharedTestDatabase db = SharedTestDatabase.empty();
        // no periodic check: what the contract asks must hold by notifications and reads alone
        nodeA = new PostgresAgentEventBus(db.nodeA, ComponentConfig.of(AgentChannelSettings.class), Duration.ofHours(1));
        nodeB = new PostgresAgentEventBus(db.nodeB, ComponentConfig.of(AgentChannelSettings.class), Duration.ofHours(1));
    }

    @AfterEach
    void stopNodes() {
        nodeA.close();
        nodeB.close();
    }

    @Override
    protected AgentEventBus bus() {
        return nodeA;
    }

    @Override
    protected AgentEventBus otherNode() {
        return nodeB;
    }
}
