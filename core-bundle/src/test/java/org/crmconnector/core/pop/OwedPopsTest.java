package org.crmconnector.core.pop;

import static org.crmconnector.testing.ComponentConfig.of;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Predicate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.crmconnector.core.agent.AgentChannelConfig;
import org.crmconnector.core.agent.AgentStreams;
import org.crmconnector.core.lifecycle.InMemoryInteractionStore;
import org.crmconnector.core.lifecycle.InMemorySharedInteractionStore;
import org.crmconnector.core.lifecycle.InteractionRegistry;
import org.crmconnector.core.lifecycle.InteractionRegistryConfig;
import org.crmconnector.core.metrics.Metrics;
import org.crmconnector.core.routing.AdapterRouter;
import org.crmconnector.core.tenant.PopMoment;
import org.crmconnector.core.tenant.Tenant;
import org.crmconnector.core.tenant.TenantConfig;
import org.crmconnector.core.tenant.TenantRegistry;
import org.crmconnector.core.testing.NoOpConnector;
import org.crmconnector.crm.CrmConnector;
import org.crmconnector.crm.ScreenPopRequest;
import org.crmconnector.crm.ScreenPopResult;
import org.crmconnector.interaction.Channel;
import org.crmconnector.interaction.Interaction;
import org.crmconnector.interaction.InteractionState;
import org.crmconnector.store.InteractionStore;
import org.crmconnector.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;

/** A pop recorded as owed and never published (its node died) is redone, once, while the call still pops. */
class OwedPopsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T09:00:00Z"));
    private final InMemoryInteractionStore store = new InMemoryInteractionStore();
    private final AdapterRouter router = new AdapterRouter();
    private final List<String> looked = new CopyOnWriteArrayList<>();
    private final TenantRegistry tenants = new TenantRegistry();
    private volatile CountDownLatch crmAnswers = new CountDownLatch(0);
    private InteractionRegistry registry;
    private ScreenPops pops;
    private OwedPops owed;
    private Tenant tenant;

    @BeforeEach
    void setUp() {
        registry = new InteractionRegistry(of(InteractionRegistryConfig.class), clock, store);
        pops = new ScreenPops(of(ScreenPopConfig.class, "timeout_ms", 1000L), router,
                new AgentStreams(of(AgentChannelConfig.class)), registry, new Metrics());
        owed = OwedPops.checkedByHand(registry, tenants, pops);
        tenant = new Tenant(of(TenantConfig.class, "tenant_id", "acme", "adapter_instance", "crm",
                "excluded_numbers", new String[] {"4???"}));
        tenants.addTenant(tenant);
        router.bindConnector(new NoOpConnector() {
            @Override
            public ScreenPopResult screenPop(ScreenPopRequest request) {
                looked.add(request.ani);
                try {
                    crmAnswers.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new ScreenPopResult();
            }
        }, Map.of(CrmConnector.CRM_INSTANCE, "crm", CrmConnector.CRM_TYPE, "fake", Constants.SERVICE_ID, 1L));
    }

    @AfterEach
    void stop() {
        pops.deactivate();
    }

    /** The sweep, its registry and its pops on {@code store}, with its own tenants; the pops end with the test. */
    private OwedPops on(InteractionStore onStore, TenantRegistry withTenants) {
        pops.deactivate();
        registry = new InteractionRegistry(of(InteractionRegistryConfig.class), clock, onStore);
        pops = new ScreenPops(of(ScreenPopConfig.class, "timeout_ms", 1000L), router,
                new AgentStreams(of(AgentChannelConfig.class)), registry, new Metrics());
        return OwedPops.checkedByHand(registry, withTenants, pops);
    }

    /** A call offered with its pop owed, as the tenant's rules decide: the node that took it died before the lookup. */
    private Interaction owedCall(String tenantId, String id, String caller) {
        return registry.create(tenantId, id, InteractionState.OFFERED, 100, i -> {
            i.agentId = "agent-1";
            i.channel = Channel.VOICE;
            i.callerNumber = caller;
        }, i -> true);
    }

    private Interaction call(String id, String caller) {
        return owedCall("acme", id, caller);
    }

    private List<PopOutcome> redo() {
        return owed.check().stream().map(CompletableFuture::join).toList();
    }

    @Test
    void aPopOwedPastTheTimeoutIsRedoneOnceAndThenOwedNoMore() {
        call("c1", "+4930111"); // the node that took the call died here, before the lookup
        assertEquals(List.of(), redo(), "not overdue: its own lookup may still be running");
        clock.advance(Duration.ofSeconds(1).plus(OwedPops.GRACE).plusSeconds(1));
        List<PopOutcome> redone = redo();
        assertEquals(1, redone.size());
        assertTrue(redone.get(0).popped(), "published to the agent");
        assertEquals(List.of("+4930111"), looked, "the lookup was repeated");
        clock.advanceSeconds(60);
        assertEquals(List.of(), redo(), "shown: owed no more");
    }

    @Test
    void aPopInFlightIsOwedUntilPublished() {
        crmAnswers = new CountDownLatch(1);
        Interaction c1 = call("c1", "+4930111");
        CompletableFuture<PopOutcome> pop = pops.pop(tenant, c1, System.nanoTime(), true);
        clock.advanceSeconds(1);
        assertEquals(1, claimOwedPops(registry, "acme", Duration.ZERO, i -> true).size(),
                "owed, durably, while the CRM is asked");
        crmAnswers.countDown();
        assertTrue(pop.join().popped());
        clock.advanceSeconds(60);
        assertEquals(List.of(), redo());
        assertEquals(List.of("+4930111"), looked, "popped once");
    }

    @Test
    void aLostRingPopIsRedoneForACallAnsweredMeanwhileButNotForOneEndedNorForAnExcludedNumber() {
        call("c1", "+4930111");
        call("c2", "4711");
        call("c3", "+4930333");
        registry.transition("acme", "c1", InteractionRegistry.states(InteractionState.OFFERED),
                InteractionState.ACCEPTED, i -> { });
        registry.transition("acme", "c3", InteractionRegistry.states(InteractionState.OFFERED),
                InteractionState.ACCEPTED, i -> { });
        registry.transition("acme", "c3", InteractionRegistry.states(InteractionState.ACCEPTED),
                InteractionState.ENDED, i -> { });
        clock.advanceSeconds(60);
        assertEquals(1, redo().size(), "the agent talking to the caller still gets the record; an ended call does not");
        assertEquals(List.of("+4930111"), looked);
    }

    @Test
    void aRoundOverManyTenantsOnASharedStoreReadsItOnceAndRedoesTheLostPopsOfEach() {
        InMemorySharedInteractionStore shared = new InMemorySharedInteractionStore();
        TenantRegistry many = new TenantRegistry();
        for (int n = 0; n < 200; n++) {
            many.addTenant(new Tenant(of(TenantConfig.class, "tenant_id", "t" + n, "adapter_instance", "crm")));
        }
        OwedPops sweep = on(shared, many);
        for (int n = 0; n < 200; n++) {
            owedCall("t" + n, "c1", "+49301" + n);
            registry.create("t" + n, "c2", InteractionState.ACCEPTED, 100, i -> i.agentId = "agent-2"); // owes nothing
        }
        owedCall("gone", "c1", "+4930999"); // a tenant whose configuration is away
        clock.advanceSeconds(60);
        shared.tenantReads.set(0); // the creates counted their tenant's live calls
        int updatesBefore = shared.updates.get();
        List<PopOutcome> redone = sweep.check().stream().map(CompletableFuture::join).toList();
        assertEquals(200, redone.size());
        assertTrue(redone.stream().allMatch(PopOutcome::popped));
        assertEquals(1, shared.crossTenantReads.get(), "one read for the round, whatever the number of tenants");
        assertEquals(201, shared.entriesRead.get(), "the calls owing a pop (the away tenant's too), not the other 200");
        assertEquals(0, shared.tenantReads.get(), "no read per tenant");
        // each redone pop: its claim, and once published its mark as shown
        assertEquals(400, shared.updates.get() - updatesBefore);
        assertEquals(200, looked.size());
        assertEquals(List.of(), sweep.check(), "shown: owed no more");
        assertEquals(2, shared.crossTenantReads.get());
        assertEquals(1, claimOwedPops(registry, "gone", Duration.ZERO, i -> true).size(),
                "the pop of a tenant that is away stays owed for when it is back");
    }

    @Test
    void anExcludedNumberIsNotEvenOwed() {
        registry.create("acme", "c1", InteractionState.OFFERED, 100, i -> {
            i.agentId = "agent-1";
            i.callerNumber = "4711";
        }, ScreenPops.owedAt(tenant, PopMoment.OFFERED));
        clock.advanceSeconds(60);
        assertEquals(List.of(), claimOwedPops(registry, "acme", Duration.ZERO, i -> true));
        assertEquals(null, store.get("acme", "c1").popOwedSince());
    }

    /** One tenant's claim, through the sweep's claim over every tenant. */
    private static List<Interaction> claimOwedPops(InteractionRegistry registry, String tenantId, Duration owedFor,
            Predicate<Interaction> wanted) {
        return registry.claimOwedPops(owedFor, t -> t.equals(tenantId) ? wanted : null)
                .getOrDefault(tenantId, List.of());
    }
}
