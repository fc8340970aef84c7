package org.crmconnector.core.timeout;

import static org.crmconnector.core.lifecycle.InteractionRegistry.states;
import static org.crmconnector.interaction.InteractionState.ACCEPTED;
import static org.crmconnector.interaction.InteractionState.ENDED;
import static org.crmconnector.interaction.InteractionState.FINISHED;
import static org.crmconnector.interaction.InteractionState.OFFERED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.crmconnector.core.agent.AgentChannelConfig;
import org.crmconnector.core.agent.AgentStreams;
import org.crmconnector.core.delivery.InteractionDelivery;
import org.crmconnector.core.lifecycle.InMemoryInteractionStore;
import org.crmconnector.core.lifecycle.InMemorySharedInteractionStore;
import org.crmconnector.core.lifecycle.InteractionRegistry;
import org.crmconnector.core.lifecycle.InteractionRegistryConfig;
import org.crmconnector.core.metrics.Metrics;
import org.crmconnector.core.outbox.MvStoreOutboxStore;
import org.crmconnector.core.outbox.Outbox;
import org.crmconnector.core.outbox.OutboxConfig;
import org.crmconnector.core.routing.AdapterRouter;
import org.crmconnector.core.tenant.Tenant;
import org.crmconnector.core.tenant.TenantConfig;
import org.crmconnector.core.tenant.TenantRegistry;
import org.crmconnector.core.testing.NoOpConnector;
import org.crmconnector.crm.CrmConnector;
import org.crmconnector.crm.DeliveryResult;
import org.crmconnector.crm.InteractionLog;
import org.crmconnector.interaction.Interaction;
import org.crmconnector.store.InteractionStore;
import org.crmconnector.testing.ComponentConfig;
import org.crmconnector.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.osgi.framework.Constants;

/**
 * The timeouts finish what nobody finishes, with the final log stored and the
 * agent told, and leave alone what is still being worked on. Unless a test
 * binds one, no adapter is bound, so what is stored waits in the outbox where
 * the test counts it.
 */
class InteractionTimeoutsTest {

    static final Instant T0 = Instant.parse("2026-06-01T09:00:00Z");
    static final String TENANT = "acme";

    /** What the timeouts told agents. */
    record Published(AgentStreams.Topic topic, String event, String json) {
    }

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(T0);
    final Metrics metrics = new Metrics();
    final List<Published> published = new CopyOnWriteArrayList<>();
    final AdapterRouter router = new AdapterRouter();
    InteractionRegistry registry;
    Outbox outbox;
    AgentStreams streams;
    InteractionTimeouts timeouts;

    @BeforeEach
    void setUp() {
        registry = new InteractionRegistry(ComponentConfig.of(InteractionRegistryConfig.class, "stale_seconds", 3600L),
                clock, new InMemoryInteractionStore());
        TenantRegistry tenants = new TenantRegistry();
        tenants.addTenant(new Tenant(ComponentConfig.of(TenantConfig.class, "tenant_id", TENANT, "adapter_instance",
                "crm", "wrapup_timeout_seconds", 600L, "wrapup_timeout_disposition", "No wrap-up")));
        outbox = new Outbox(ComponentConfig.of(OutboxConfig.class, "poll_interval_millis", 50L), "test",
                new MvStoreOutboxStore(dir), t -> Optional.of("crm"), router, clock, () -> 0.5, metrics);
        streams = new AgentStreams(ComponentConfig.of(AgentChannelConfig.class)) {
            @Override
            public long publish(Topic topic, String eventName, byte[] json) {
                published.add(new Published(topic, eventName, new String(json, StandardCharsets.UTF_8)));
                return published.size();
            }
        };
        timeouts = new InteractionTimeouts(registry, tenants, new InteractionDelivery(outbox, router, metrics), streams,
                metrics, clock);
    }

    @AfterEach
    void tearDown() {
        outbox.close();
        streams.deactivate();
    }

    private void call(String id, boolean ended) {
        call(TENANT, id, ended);
    }

    private void call(String tenantId, String id, boolean ended) {
        registry.create(tenantId, id, OFFERED, 100, i -> i.agentId = "agent-1");
        registry.transition(tenantId, id, states(OFFERED), ACCEPTED, i -> { });
        if (ended) {
            registry.transition(tenantId, id, states(ACCEPTED), ENDED, i -> { });
        }
    }

    /** The timeouts and their registry on {@code store}, for these tenants. */
    private void on(InteractionStore store, TenantRegistry tenants) {
        registry = new InteractionRegistry(ComponentConfig.of(InteractionRegistryConfig.class, "stale_seconds", 3600L),
                clock, store);
        timeouts = new InteractionTimeouts(registry, tenants, new InteractionDelivery(outbox, router, metrics), streams,
                metrics, clock);
    }

    private static Tenant tenant(String id, long wrapUpSeconds) {
        return new Tenant(ComponentConfig.of(TenantConfig.class, "tenant_id", id, "adapter_instance", "crm",
                "wrapup_timeout_seconds", wrapUpSeconds));
    }

    /** With no adapter bound, triggers are kept too: nobody can say yet that they are not wanted. */
    private long pendingItems() {
        return outbox.stats(TENANT).pending();
    }

    @Test
    void anEndedCallNeverWrappedUpIsFinishedWithTheTimeoutDispositionAndTheAgentIsTold() {
        call("c1", true);
        clock.advanceSeconds(600);
        assertEquals(0, timeouts.check(), "exactly at the timeout it still waits");
        clock.advanceSeconds(1);
        assertEquals(1, timeouts.check());
        assertEquals(2, pendingItems(), "the final log is stored, and the finished trigger");
        assertTrue(registry.knows(TENANT, "c1"));
        assertEquals(0, registry.liveCount(TENANT));
        Published told = published.get(0);
        assertEquals(new AgentStreams.Topic(TENANT, "agent-1", org.crmconnector.core.agent.StreamKind.AGENT_EVENTS),
                told.topic());
        assertEquals("interactionFinished", told.event());
        assertEquals("{\"interactionId\":\"c1\",\"reason\":\"wrap-up-timeout\",\"disposition\":\"No wrap-up\"}",
                told.json());
        assertEquals(1, metrics.count("crm_interactions_timed_out_total", "tenant", TENANT, "reason", "wrap-up-timeout"));
        assertEquals(0, timeouts.check(), "finished once");
    }

    @Test
    void aDispositionTheAgentAlreadyChoseIsKept() {
        call("c1", true);
        registry.update(TENANT, "c1", i -> i.dispositionCode = "Resolved");
        clock.advanceSeconds(601);
        timeouts.check();
        assertTrue(published.get(0).json().contains("\"disposition\":\"Resolved\""), published.get(0).json());
    }

    @Test
    void anAgentStillTypingNotesKeepsTheWrapUpOpen() {
        call("c1", true);
        clock.advanceSeconds(590);
        registry.update(TENANT, "c1", i -> i.comments = "typing");
        clock.advanceSeconds(20);
        assertEquals(0, timeouts.check());
        assertEquals(ENDED, registry.get(TENANT, "c1").state);
        assertTrue(published.isEmpty());
    }

    @Test
    void aCallThatNeverEndsIsLoggedAsAbandonedAtTheStaleTimeout() {
        call("live", false);
        registry.create(TENANT, "ringing", OFFERED, 100, i -> i.agentId = "agent-2");
        clock.advanceSeconds(1800);
        assertEquals(0, timeouts.check(), "a live call is no wrap-up: only the stale timeout applies");
        clock.advanceSeconds(1801);
        assertEquals(2, timeouts.check());
        assertEquals(4, pendingItems(), "both are logged (a log and a trigger each), none dropped");
        assertEquals(0, registry.liveCount(TENANT));
        assertTrue(published.stream().allMatch(p -> p.json().contains("\"reason\":\"abandoned\"")), published.toString());
        assertTrue(published.stream().noneMatch(p -> p.json().contains("disposition")),
                "the wrap-up timeout's disposition is not an abandoned call's");
    }

    @Test
    void aTenantWithoutItsConfigurationKeepsItsInteractionsUntilItIsBack() {
        registry.create("gone", "c1", OFFERED, 100, i -> { });
        clock.advanceSeconds(7200);
        assertEquals(0, timeouts.check());
        assertEquals(OFFERED, registry.get("gone", "c1").state);
    }

    @Test
    void aRoundOverManyTenantsOnASharedStoreReadsItOncePerTimeout() {
        InMemorySharedInteractionStore shared = new InMemorySharedInteractionStore();
        TenantRegistry many = new TenantRegistry();
        for (int n = 0; n < 200; n++) {
            many.addTenant(tenant("t" + n, 600));
        }
        on(shared, many);
        for (int n = 0; n < 200; n++) {
            call("t" + n, "ended", true);
            call("t" + n, "live", false);
        }
        clock.advanceSeconds(601);
        shared.tenantReads.set(0); // the creates counted their tenant's live calls
        int updatesBefore = shared.updates.get();
        assertEquals(200, timeouts.check(), "every tenant's wrap-up timed out");
        assertEquals(2, shared.crossTenantReads.get(), "one read per timeout for the round, whatever the tenants");
        assertEquals(0, shared.tenantReads.get(), "no read per tenant");
        assertEquals(200, shared.updates.get() - updatesBefore, "one locked change per interaction finished");
        clock.advanceSeconds(3000);
        assertEquals(200, timeouts.check(), "every tenant's live call went stale");
        assertEquals(4, shared.crossTenantReads.get());
        assertEquals(0, shared.tenantReads.get());
        for (int n = 0; n < 200; n++) {
            assertEquals(0, registry.liveCount("t" + n));
        }
    }

    @ParameterizedTest(name = "shared store: {0}")
    @ValueSource(booleans = {false, true})
    void eachTenantKeepsItsOwnWrapUpTimeout(boolean sharedStore) {
        TenantRegistry three = new TenantRegistry();
        three.addTenant(tenant("quick", 60));
        three.addTenant(tenant("slow", 600));
        on(sharedStore ? new InMemorySharedInteractionStore() : new InMemoryInteractionStore(), three);
        call("quick", "c1", true);
        call("slow", "c1", true);
        call("away", "c1", true); // no configuration: left alone
        clock.advanceSeconds(61);
        assertEquals(1, timeouts.check(), "only the tenant with the short timeout");
        assertEquals(0, registry.liveCount("quick"));
        assertEquals(ENDED, registry.get("slow", "c1").state, "not finished on another tenant's timeout");
        clock.advanceSeconds(539);
        assertEquals(0, timeouts.check(), "exactly at its own timeout it still waits");
        clock.advanceSeconds(1);
        assertEquals(1, timeouts.check());
        assertEquals(0, registry.liveCount("slow"));
        assertEquals(ENDED, registry.get("away", "c1").state);
    }

    @Test
    void theCrmGetsTheFinalLogWithItsReasonAndDisposition() throws Exception {
        List<InteractionLog> delivered = new CopyOnWriteArrayList<>();
        router.bindConnector(new LogRecorder(delivered), Map.of(CrmConnector.CRM_INSTANCE, "crm", CrmConnector.CRM_TYPE,
                "fake", Constants.SERVICE_ID, 1L));
        call("c1", true);
        clock.advanceSeconds(601);
        timeouts.check();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (delivered.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        Interaction logged = delivered.get(0).interaction;
        assertEquals(FINISHED, logged.state);
        assertEquals("wrap-up-timeout", logged.finishReason);
        assertEquals("No wrap-up", logged.dispositionCode);
    }

    /** A CRM that only records the logs it gets. */
    private static final class LogRecorder implements NoOpConnector {
        private final List<InteractionLog> logs;

        LogRecorder(List<InteractionLog> logs) {
            this.logs = logs;
        }

        @Override
        public DeliveryResult saveInteractionLog(InteractionLog log) {
            logs.add(log);
            return DeliveryResult.ok();
        }
    }
}
