package org.crmconnector.store.postgresql.bus;

import org.crmconnector.eventbus.AgentEventBus;
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
        BusTestDatabase db = BusTestDatabase.get();
        nodeA = BusTestDatabase.bus(db.nodeA);
        nodeB = BusTestDatabase.bus(db.nodeB);
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
