package org.crmconnector.core.agent;

import org.crmconnector.eventbus.AgentEventBus;
import org.crmconnector.testing.ComponentConfig;
import org.crmconnector.testing.eventbus.AgentEventBusContract;
import org.junit.jupiter.api.AfterEach;

/** The in-process bus keeps the bus contract. */
class LocalAgentEventBusContractTest extends AgentEventBusContract {

    private final LocalAgentEventBus bus = new LocalAgentEventBus(ComponentConfig.of(AgentChannelConfig.class));

    @Override
    protected AgentEventBus bus() {
        return bus;
    }

    @AfterEach
    void stop() {
        bus.deactivate();
    }
}
