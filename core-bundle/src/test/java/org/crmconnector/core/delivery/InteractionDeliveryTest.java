package org.crmconnector.core.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.crmconnector.core.metrics.Metrics;
import org.crmconnector.core.outbox.MvStoreOutboxStore;
import org.crmconnector.core.outbox.Outbox;
import org.crmconnector.core.outbox.OutboxConfig;
import org.crmconnector.core.routing.AdapterRouter;
import org.crmconnector.core.tenant.Tenant;
import org.crmconnector.core.tenant.TenantConfig;
import org.crmconnector.core.testing.NoOpConnector;
import org.crmconnector.crm.CrmConnector;
import org.crmconnector.interaction.Interaction;
import org.crmconnector.interaction.InteractionState;
import org.crmconnector.testing.ComponentConfig;
import org.crmconnector.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Constants;

/**
 * Staged logging: what the end of an interaction stores, as the tenant's log
 * stages and the adapter's abilities say. The CRM stays away (its circuit
 * never lets a delivery through) or unbound, so every stored item stays
 * pending where the test counts it.
 */
class InteractionDeliveryTest {

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T09:00:00Z"));
    final Metrics metrics = new Metrics();
    final AdapterRouter router = new AdapterRouter();
    Outbox outbox;
    InteractionDelivery delivery;

    @BeforeEach
    void setUp() {
        outbox = new Outbox(ComponentConfig.of(OutboxConfig.class, "poll_interval_millis", 50L), "test",
                new MvStoreOutboxStore(dir), t -> Optional.of("crm"), router, clock, () -> 0.5, metrics);
        delivery = new InteractionDelivery(outbox, router, metrics);
    }

    @AfterEach
    void tearDown() {
        outbox.close();
    }

    private static Tenant tenant(String logStages) {
        return new Tenant(ComponentConfig.of(TenantConfig.class, "tenant_id", "acme", "adapter_instance", "crm",
                "log_stages", logStages));
    }

    private static Interaction call(InteractionState state, String disposition) {
        Interaction i = new Interaction();
        i.tenantId = "acme";
        i.interactionId = "c1";
        i.agentId = "agent-1";
        i.state = state;
        i.dispositionCode = disposition;
        return i;
    }

    private long pending() {
        return outbox.stats("acme").pending();
    }

    @Test
    void theEndStoresTheHangUpTriggerAndTheFirstLogAndTheWrapUpTakesItsPlace() {
        Tenant tenant = tenant("ended-and-finished");
        delivery.ended(tenant, call(InteractionState.ENDED, null));
        assertEquals(2, pending(), "no adapter bound: the trigger is kept, and the first log");
        assertEquals(1, metrics.count("crm_logs_ended_total", "tenant", "acme"));

        delivery.log(tenant, call(InteractionState.FINISHED, "Resolved"));
        assertEquals(2, pending(), "the wrap-up's log took the waiting one's place");
        assertEquals(1L, outbox.metrics().get("merged"));
        assertEquals(1, metrics.count("crm_logs_total", "tenant", "acme"), "the interaction counts as one log");
    }

    @Test
    void aTenantLoggingAtWrapUpOnlyStoresNothingButTheTriggerAtTheEnd() {
        delivery.ended(tenant("finished"), call(InteractionState.ENDED, null));
        assertEquals(1, pending());
        assertEquals(0, metrics.count("crm_logs_ended_total", "tenant", "acme"));
    }

    @Test
    void anAdapterThatCannotUpdateALogGetsOneAtWrapUp() {
        router.bindConnector(new CreateOnlyCrm(), Map.of(CrmConnector.CRM_INSTANCE, "crm", CrmConnector.CRM_TYPE, "fake",
                Constants.SERVICE_ID, 1L));
        delivery.ended(tenant("ended-and-finished"), call(InteractionState.ENDED, null));
        assertEquals(0, metrics.count("crm_logs_ended_total", "tenant", "acme"));
    }

    @Test
    void anExcludedNumberStoresNothingAndIsCountedOnce() {
        Tenant tenant = new Tenant(ComponentConfig.of(TenantConfig.class, "tenant_id", "acme", "adapter_instance", "crm",
                "excluded_numbers", new String[] {"4???"}));
        Interaction internal = call(InteractionState.ENDED, null);
        internal.callerNumber = "4711";
        delivery.trigger(tenant, org.crmconnector.crm.Trigger.OFFERED, internal);
        delivery.ended(tenant, internal);
        internal.state = InteractionState.FINISHED;
        delivery.log(tenant, internal);
        assertEquals(0, pending(), "no trigger, no log");
        assertEquals(1, metrics.excluded("acme"));
        assertEquals(1, metrics.count("crm_interactions_excluded_total", "tenant", "acme"));
        assertEquals(0, metrics.count("crm_logs_total", "tenant", "acme"));

        Interaction customer = call(InteractionState.FINISHED, null);
        customer.callerNumber = "+49 30 4711";
        delivery.log(tenant, customer);
        assertEquals(1, pending());
    }

    /** Writes records it cannot change afterwards; wants no triggers. */
    private static final class CreateOnlyCrm implements NoOpConnector {
        @Override
        public boolean updatesLogs() {
            return false;
        }
    }
}
