package org.crmconnector.store.postgresql.bus;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.crmconnector.eventbus.AgentEventBusException;
import org.crmconnector.eventbus.AgentTopic;
import org.crmconnector.store.postgresql.datasource.PostgresDatabase;
import org.crmconnector.testing.ComponentConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A database that does not answer: every call fails with the SPI's exception, which the engine answers 503. */
class PostgresAgentEventBusDownTest {

    private static final String REFUSED = "Connection to localhost:5432 refused";

    private final PostgresDatabase down = new PostgresDatabase() {
        @Override
        public DataSource pool(String name) {
            return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                    (p, m, a) -> {
                        throw new SQLException(REFUSED, "08001");
                    });
        }

        @Override
        public Connection openDedicated() throws SQLException {
            throw new SQLException(REFUSED, "08001");
        }

        @Override
        public String url() {
            return "jdbc:postgresql://localhost:5432/crm";
        }
    };
    private final PostgresAgentEventBus bus = new PostgresAgentEventBus(down,
            ComponentConfig.of(AgentChannelSettings.class), java.time.Duration.ofHours(1));
    private final AgentTopic topic = new AgentTopic("acme", "agent-1", "agentEvents");

    @AfterEach
    void close() {
        bus.close();
    }

    @Test
    void publishSubscribeAndReplayFailWithTheBusExceptionNamingTheProblem() {
        AgentEventBusException published = assertThrows(AgentEventBusException.class,
                () -> bus.publish(topic, "screenPop", "{}".getBytes(StandardCharsets.UTF_8)));
        assertTrue(published.getMessage().contains(REFUSED), published.getMessage());
        assertThrows(AgentEventBusException.class, () -> bus.subscribe(topic));
        assertThrows(AgentEventBusException.class, () -> bus.replay(topic, 0));
    }
}
