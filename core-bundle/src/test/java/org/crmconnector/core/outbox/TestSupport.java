package org.crmconnector.core.outbox;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.crmconnector.core.routing.AdapterRouter;
import org.crmconnector.crm.CrmConnector;
import org.crmconnector.interaction.Channel;
import org.crmconnector.interaction.Interaction;
import org.crmconnector.testing.ComponentConfig;
import org.osgi.framework.Constants;

/** Configuration, interactions and waiting for the outbox tests. */
final class TestSupport {

    /** The node id the tests' outboxes hold leases as. */
    static final String NODE = "test-node";
    static final Instant T0 = Instant.parse("2026-01-01T09:00:00Z");

    private TestSupport() {
    }

    /** The configuration's defaults with {@code overrides} by method name, as DS would build it. */
    static OutboxConfig config(Map<String, Object> overrides) {
        Map<String, Object> values = new HashMap<>();
        values.put("poll_interval_millis", 50L);
        values.put("backoff_jitter", 0.0);
        values.putAll(overrides);
        return ComponentConfig.of(OutboxConfig.class, values);
    }

    static Interaction interaction(String tenantId, String interactionId) {
        Interaction i = new Interaction();
        i.tenantId = tenantId;
        i.interactionId = interactionId;
        i.channel = Channel.CHAT;
        i.callerNumber = "+4930123456";
        i.comments = "notes for " + interactionId;
        i.startTime = T0.minusSeconds(300);
        i.endTime = T0.minusSeconds(10);
        i.customFields.put("orderNo", 4711);
        return i;
    }

    /** Registers {@code connector} with the router as the DS runtime would. */
    static void bind(AdapterRouter router, String instance, CrmConnector connector, long serviceId) {
        router.bindConnector(connector, props(instance, serviceId));
    }

    static void unbind(AdapterRouter router, String instance, CrmConnector connector, long serviceId) {
        router.unbindConnector(connector, props(instance, serviceId));
    }

    private static Map<String, Object> props(String instance, long serviceId) {
        return Map.of(CrmConnector.CRM_INSTANCE, instance, CrmConnector.CRM_TYPE, "fake", Constants.SERVICE_ID,
                serviceId);
    }

    /** Polls {@code condition} until it holds, failing after a generous deadline; no fixed sleeps. */
    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("Timed out waiting until " + what);
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("Interrupted waiting until " + what);
            }
        }
    }
}
