package org.crmconnector.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.crmconnector.core.lifecycle.InMemoryInteractionStore;
import org.crmconnector.core.lifecycle.InteractionRegistry;
import org.crmconnector.core.lifecycle.InteractionRegistryConfig;
import org.crmconnector.core.node.Draining;
import org.crmconnector.core.node.NodeConfig;
import org.crmconnector.core.node.NodeIdentity;
import org.crmconnector.core.outbox.MvStoreOutboxStore;
import org.crmconnector.core.outbox.Outbox;
import org.crmconnector.core.outbox.OutboxConfig;
import org.crmconnector.core.routing.AdapterRouter;
import org.crmconnector.core.tenant.Tenant;
import org.crmconnector.core.tenant.TenantConfig;
import org.crmconnector.core.tenant.TenantRegistry;
import org.crmconnector.crm.CrmConnector;
import org.crmconnector.testing.ComponentConfig;
import org.crmconnector.testing.RecordedResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Constants;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** When /health/ready lets the load balancer send traffic, and what it names when it does not. */
class ReadinessServletTest {

    @TempDir
    Path dir;

    private final AtomicLong now = new AtomicLong(1_000);
    private final TenantRegistry tenants = new TenantRegistry();
    private final AdapterRouter router = new AdapterRouter();
    private final Draining draining = new Draining();
    /** The tenant configurations Configuration Admin holds, as their properties. */
    private final List<Map<String, Object>> configurations = new ArrayList<>();
    private Outbox outbox;

    private final ReadinessServlet readiness = new ReadinessServlet(
            ComponentConfig.of(NodeConfig.class, "start_wait_seconds", 60), false, "postgresql", tenants, router, configAdmin(),
            draining, NodeIdentity.of("node-a"), now::get);

    @AfterEach
    void close() {
        if (outbox != null) {
            outbox.close();
        }
    }

    @Test
    void aNodeWithItsStoresItsTenantsAndTheirAdaptersIsReady() throws Exception {
        openStores();
        tenant("acme", "sf-acme");
        bind("sf-acme");
        JsonNode answer = ready(200);
        assertEquals("READY", answer.path("status").asText());
        assertEquals("node-a", answer.path("node").asText());
        assertEquals(0, answer.path("notReady").size());
    }

    @Test
    void untilTheStoresAreOpenTheNodeIsNotReady() throws Exception {
        JsonNode answer = ready(503);
        assertEquals("NOT_READY", answer.path("status").asText());
        assertEquals(List.of("store"), checks(answer));
        assertTrue(answer.toString().contains("postgresql interaction store is not open"), answer.toString());
        openStores();
        ready(200);
    }

    @Test
    void atStartATenantNotYetLiveOrWithoutItsAdapterKeepsTheNodeOut() throws Exception {
        openStores();
        configurations.add(Map.of("tenant.id", "acme"));
        configurations.add(Map.of("tenant.id", "globex"));
        tenant("acme", "sf-acme");
        JsonNode answer = ready(503);
        assertEquals(List.of("tenants", "adapters"), checks(answer));
        assertTrue(answer.toString().contains("1 of 2 tenant configurations"), answer.toString());
        assertTrue(!answer.toString().contains("acme"), "no tenant names for anonymous callers: " + answer);
        tenant("globex", "sf-acme");
        bind("sf-acme");
        ready(200);
    }

    @Test
    void aDemoTenantOutsideADemoStartIsNotWaitedFor() throws Exception {
        openStores();
        configurations.add(Map.of("tenant.id", "demo", "demo.only", true));
        ready(200);
    }

    @Test
    void onceReadyOrAfterTheStartWaitAMissingAdapterNoLongerTakesTheNodeOut() throws Exception {
        openStores();
        tenant("acme", "sf-acme");
        ready(503);
        now.addAndGet(TimeUnit.SECONDS.toNanos(61));
        ready(200); // the start wait is over: acme's work waits in the outbox, other tenants are served
    }

    @Test
    void aDrainingNodeIsNotReadyWhateverElseHolds() throws Exception {
        openStores();
        ready(200);
        draining.begin();
        assertEquals(List.of("draining"), checks(ready(503)));
    }

    private JsonNode ready(int status) throws Exception {
        RecordedResponse recorded = new RecordedResponse();
        readiness.doGet(null, recorded.response());
        assertEquals(status, recorded.status(), recorded.body());
        assertEquals("no-store", recorded.headers().get("Cache-Control"));
        return new ObjectMapper().readTree(recorded.body());
    }

    private static List<String> checks(JsonNode answer) {
        List<String> names = new ArrayList<>();
        answer.path("notReady").forEach(c -> names.add(c.path("check").asText()));
        return names;
    }

    private void openStores() {
        outbox = new Outbox(ComponentConfig.of(OutboxConfig.class), "node-a", new MvStoreOutboxStore(dir),
                t -> java.util.Optional.empty(), router, Clock.systemUTC(), () -> 0.5);
        readiness.bindOutbox(outbox);
        readiness.bindInteractions(new InteractionRegistry(ComponentConfig.of(InteractionRegistryConfig.class),
                Clock.systemUTC(), new InMemoryInteractionStore()));
    }

    private void tenant(String id, String instance) {
        tenants.addTenant(new Tenant(ComponentConfig.of(TenantConfig.class, "tenant_id", id, "adapter_instance", instance)));
    }

    private void bind(String instance) {
        CrmConnector connector = (CrmConnector) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {CrmConnector.class}, (p, m, a) -> null);
        router.bindConnector(connector, Map.of(CrmConnector.CRM_INSTANCE, instance, CrmConnector.CRM_TYPE, "test",
                Constants.SERVICE_ID, 7L, Constants.SERVICE_BUNDLEID, 42L));
    }

    /** Configuration Admin with {@link #configurations} as the tenant factory's configurations. */
    private ConfigurationAdmin configAdmin() {
        return (ConfigurationAdmin) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ConfigurationAdmin.class}, (p, m, a) -> {
                    if (!m.getName().equals("listConfigurations")) {
                        throw new UnsupportedOperationException(m.getName());
                    }
                    assertTrue(((String) a[0]).contains(Tenant.FACTORY_PID));
                    return configurations.isEmpty() ? null : configurations.stream().map(ReadinessServletTest::configuration)
                            .toArray(Configuration[]::new);
                });
    }

    private static Configuration configuration(Map<String, Object> properties) {
        return (Configuration) Proxy.newProxyInstance(ReadinessServletTest.class.getClassLoader(),
                new Class<?>[] {Configuration.class}, (p, m, a) -> {
                    if (!m.getName().equals("getProcessedProperties")) {
                        throw new UnsupportedOperationException(m.getName());
                    }
                    return new Hashtable<>(properties);
                });
    }
}
