package org.crmconnector.core.pop;

import static org.crmconnector.testing.ComponentConfig.of;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.crmconnector.core.agent.AgentChannelConfig;
import org.crmconnector.core.agent.AgentStreams;
import org.crmconnector.core.lifecycle.InMemoryInteractionStore;
import org.crmconnector.core.lifecycle.InteractionRegistry;
import org.crmconnector.core.lifecycle.InteractionRegistryConfig;
import org.crmconnector.core.metrics.Metrics;
import org.crmconnector.core.routing.AdapterRouter;
import org.crmconnector.core.tenant.Tenant;
import org.crmconnector.core.tenant.TenantConfig;
import org.crmconnector.core.testing.NoOpConnector;
import org.crmconnector.crm.CrmConnector;
import org.crmconnector.crm.ScreenPopRequest;
import org.crmconnector.crm.ScreenPopResult;
import org.crmconnector.interaction.Interaction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;

class ScreenPopsTest {

    private final AdapterRouter router = new AdapterRouter();
    private final Metrics metrics = new Metrics();
    private final List<String> looked = new CopyOnWriteArrayList<>();
    private final ScreenPops pops = new ScreenPops(of(ScreenPopConfig.class), router,
            new AgentStreams(of(AgentChannelConfig.class)), new InteractionRegistry(of(InteractionRegistryConfig.class),
                    Clock.systemUTC(), new InMemoryInteractionStore()), metrics);

    @AfterEach
    void stop() {
        pops.deactivate();
    }

    /** Binds, as service {@code serviceId} of instance "crm", a CRM that records each number looked up. */
    private void bindRecordingCrm(long serviceId) {
        router.bindConnector(new NoOpConnector() {
            @Override
            public ScreenPopResult screenPop(ScreenPopRequest request) {
                looked.add(request.ani);
                return new ScreenPopResult();
            }
        }, Map.of(CrmConnector.CRM_INSTANCE, "crm", CrmConnector.CRM_TYPE, "fake", Constants.SERVICE_ID, serviceId));
    }

    @Test
    void anExcludedNumberIsNeverLookedUpNorPopped() {
        bindRecordingCrm(1L);
        Tenant tenant = new Tenant(of(TenantConfig.class, "tenant_id", "acme", "adapter_instance", "crm",
                "excluded_numbers", new String[] {"4???"}));
        Interaction internal = new Interaction();
        internal.interactionId = "c1";
        internal.callerNumber = "4711";
        ScreenPopRequest request = new ScreenPopRequest();
        request.ani = "4711";
        PopOutcome outcome = pops.lookup(tenant, internal, request, true, System.nanoTime()).join();
        assertEquals(ScreenPops.EXCLUDED, outcome.status());
        assertFalse(outcome.popped());
        assertNull(outcome.pop());
        assertEquals(List.of(), looked, "the CRM was never asked");
        assertEquals(0, metrics.count("crm_pops_total", "tenant", "acme", "status", "excluded"),
                "not a pop, and not a pop failure");

        Interaction customer = new Interaction();
        customer.interactionId = "c2";
        customer.callerNumber = "+49301234567";
        ScreenPopRequest customerRequest = new ScreenPopRequest();
        customerRequest.ani = "+49301234567";
        assertEquals("ok", pops.lookup(tenant, customer, customerRequest, false, System.nanoTime()).join().status());
        assertEquals(List.of("+49301234567"), looked);
    }

    @Test
    void aLookupDuringAnAdapterSwapWaitsForTheNewAdapter() {
        Map<String, Object> v1 = Map.of(CrmConnector.CRM_INSTANCE, "crm", CrmConnector.CRM_TYPE, "fake",
                Constants.SERVICE_ID, 1L);
        NoOpConnector old = new NoOpConnector() {
        };
        router.bindConnector(old, v1);
        router.unbindConnector(old, v1);
        Tenant tenant = new Tenant(of(TenantConfig.class, "tenant_id", "acme", "adapter_instance", "crm"));
        Interaction call = new Interaction();
        call.interactionId = "c1";
        call.callerNumber = "+49301234567";
        ScreenPopRequest request = new ScreenPopRequest();
        request.ani = "+49301234567";
        var outcome = pops.lookup(tenant, call, request, false, System.nanoTime());
        bindRecordingCrm(2L);
        assertEquals("ok", outcome.join().status(), "not adapter_unavailable: the swap was waited out");
        assertEquals(List.of("+49301234567"), looked);
    }

    @Test
    void aLookupForAnAdapterThatIsNotThereFailsAtOnce() {
        Tenant tenant = new Tenant(of(TenantConfig.class, "tenant_id", "acme", "adapter_instance", "never-deployed"));
        Interaction call = new Interaction();
        call.interactionId = "c1";
        ScreenPopRequest request = new ScreenPopRequest();
        var outcome = pops.lookup(tenant, call, request, false, System.nanoTime());
        assertTrue(outcome.isDone());
        assertEquals("adapter_unavailable", outcome.join().status());
    }
}
