package org.crmconnector.core.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

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
import org.crmconnector.crm.InteractionLog;
import org.crmconnector.interaction.Interaction;
import org.crmconnector.store.OutboxItem;
import org.crmconnector.testing.ComponentConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The crm:* commands over a real outbox; with no adapter bound, items wait unattempted. */
class CrmCommandsTest {

    @TempDir
    Path dir;

    private final TenantRegistry tenants = new TenantRegistry();
    private final AdapterRouter router = new AdapterRouter();
    private final Metrics metrics = new Metrics();
    private Outbox outbox;
    private CrmCommands commands;

    static <A> A config(Class<A> type, Object... overrides) {
        return ComponentConfig.of(type, overrides);
    }

    @BeforeEach
    void setUp() {
        tenants.addTenant(new Tenant(config(TenantConfig.class, "tenant_id", "acme", "adapter_instance", "sf")));
        outbox = new Outbox(config(OutboxConfig.class, "poll_interval_millis", 20L), "t",
                new MvStoreOutboxStore(dir), t -> tenants.find(t).map(Tenant::adapterInstance), router,
                Clock.systemUTC(), () -> 0.5);
        commands = new CrmCommands(tenants, router,
                new InteractionRegistry(config(InteractionRegistryConfig.class), Clock.systemUTC(),
                        new org.crmconnector.core.lifecycle.InMemoryInteractionStore()), outbox, metrics);
    }

    @AfterEach
    void tearDown() {
        outbox.close();
    }

    @Test
    void hashkeyHashesOnlyKeysOf128BitsOrMore() {
        assertEquals(org.crmconnector.core.tenant.ApiKeys.hash("Zr3kq9VYx0cN4wLb7TfH2pEa"),
                commands.hashkey("Zr3kq9VYx0cN4wLb7TfH2pEa"));
        String refused = commands.hashkey("demo-key");
        assertTrue(refused.startsWith("refused:") && refused.contains("128 bits"), refused);
    }

    @Test
    void outboxShowsPendingWorkPerTenant() {
        Interaction i = new Interaction();
        i.tenantId = "acme";
        i.interactionId = "c-1";
        outbox.enqueue("acme", OutboxItem.Kind.LOG, null, new InteractionLog(i, null));
        List<String> lines = commands.outbox().lines().toList();
        assertTrue(lines.get(0).startsWith("TENANT"));
        assertTrue(lines.get(1).matches("acme\\s+1\\s+0\\s+\\d+\\s+0\\s+0\\s+0\\s+CLOSED\\s*"), lines.get(1));
        assertEquals(lines.get(1), commands.outbox("acme").lines().toList().get(1));
    }

    @Test
    void retryAndDiscardAnswerForAnUnknownIdAndRefuseJunk() {
        assertEquals("tenant acme has no dead letter 99", commands.retry("acme", "99"));
        assertEquals("tenant acme has no dead letter 99", commands.discard("acme", "99"));
        assertEquals("0 dead letters of tenant acme queued again", commands.retry("acme", "all"));
        assertThrows(IllegalArgumentException.class, () -> commands.retry("acme", "x"));
        assertThrows(IllegalArgumentException.class, () -> commands.deadletters("../etc"));
        assertEquals(1, commands.deadletters("acme").lines().count(), "header only");
    }

    @Test
    void activityListsRecentCountsAndTheLastError() {
        // one failed pop: a pop, a failure and the last error, as the three calls to the old recorder made it
        metrics.pop("acme", "timeout", "slow CRM");
        String line = commands.activity().lines().toList().get(1);
        assertTrue(line.matches("acme\\s+1\\s+1\\s+0\\s+\\S+ pop: timeout: slow CRM"), line);
    }
}
