package org.crmconnector.core.additions;

import static org.crmconnector.testing.ComponentConfig.of;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.crmconnector.core.lifecycle.InMemoryInteractionStore;
import org.crmconnector.core.lifecycle.InteractionRegistry;
import org.crmconnector.core.lifecycle.InteractionRegistryConfig;
import org.crmconnector.core.outbox.MvStoreOutboxStore;
import org.crmconnector.core.outbox.Outbox;
import org.crmconnector.core.outbox.OutboxConfig;
import org.crmconnector.core.routing.AdapterRouter;
import org.crmconnector.core.tenant.Tenant;
import org.crmconnector.core.tenant.TenantConfig;
import org.crmconnector.core.testing.NoOpConnector;
import org.crmconnector.core.web.ApiException;
import org.crmconnector.core.web.ApiRequest;
import org.crmconnector.core.web.TestRequests;
import org.crmconnector.crm.CrmConnector;
import org.crmconnector.crm.DeliveryResult;
import org.crmconnector.crm.InteractionAddition;
import org.crmconnector.crm.InteractionLog;
import org.crmconnector.interaction.InteractionState;
import org.crmconnector.store.OutboxItem;
import org.crmconnector.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Constants;

class AdditionResourceTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T09:00:00Z"));
    private final AdapterRouter router = new AdapterRouter();
    private final CopyOnWriteArrayList<InteractionAddition> added = new CopyOnWriteArrayList<>();
    private final Tenant tenant = new Tenant(of(TenantConfig.class, "tenant_id", "acme", "adapter_instance", "crm",
            "additions_retention_hours", 2));
    private InteractionRegistry registry;
    private Outbox outbox;
    private AdditionResource resource;

    /** Takes every log and records the additions. */
    private final class Crm implements NoOpConnector {
        @Override
        public DeliveryResult saveAddition(InteractionAddition addition) {
            added.add(addition);
            return DeliveryResult.ok();
        }
    }

    @BeforeEach
    void setUp() {
        outbox = new Outbox(of(OutboxConfig.class, "poll_interval_millis", 20L), "test", new MvStoreOutboxStore(dir),
                t -> Optional.of("crm"), router, clock, () -> 0.5);
        registry = new InteractionRegistry(of(InteractionRegistryConfig.class), Clock.systemUTC(),
                new InMemoryInteractionStore());
        resource = new AdditionResource(outbox, registry, clock);
    }

    @AfterEach
    void tearDown() {
        outbox.close();
    }

    private Object post(String interactionId, String json) {
        ApiRequest req = TestRequests.postFor(tenant, "application/json", json, "interactions", interactionId, "additions");
        return resource.handle(req);
    }

    private ApiException refused(String interactionId, String json) {
        return assertThrows(ApiException.class, () -> post(interactionId, json));
    }

    private void logged(String interactionId) {
        org.crmconnector.interaction.Interaction i = new org.crmconnector.interaction.Interaction();
        i.tenantId = "acme";
        i.interactionId = interactionId;
        outbox.enqueue("acme", OutboxItem.Kind.LOG, null, new InteractionLog(i, null));
    }

    private void bindCrm() {
        router.bindConnector(new Crm(), Map.of(CrmConnector.CRM_INSTANCE, "crm", CrmConnector.CRM_TYPE, "fake",
                Constants.SERVICE_ID, 1L));
    }

    private void awaitIdle() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (outbox.stats("acme").pending() > 0) {
            assertTrue(System.nanoTime() < deadline, "the outbox did not deliver in time");
            Thread.sleep(2);
        }
    }

    private static final String RECORDING = "{\"key\":\"rec-1\",\"kind\":\"recording\",\"url\":\"https://rec.example/1\"}";

    @Test
    void anAdditionPostedTwiceIsStoredOnceAndAnsweredTheSame() throws InterruptedException {
        logged("c1");
        Object first = post("c1", RECORDING);
        Object second = post("c1", RECORDING);
        assertEquals(Map.of("interactionId", "c1", "leg", 0, "key", "rec-1", "kind", "recording", "status", "accepted"),
                first);
        assertEquals(first, second);
        assertEquals(2, outbox.stats("acme").pending(), "the log and one addition");

        bindCrm();
        awaitIdle();
        assertEquals(1, added.size());
        assertEquals(first, post("c1", RECORDING), "after delivery still answered the same");
        assertEquals(0, outbox.stats("acme").pending(), "and nothing stored again");
    }

    @Test
    void anInteractionIsKnownForTheRetentionWindowAfterItsLogReachedTheCrm() throws InterruptedException {
        bindCrm();
        logged("c1");
        awaitIdle();
        clock.advance(Duration.ofHours(2).minusSeconds(1));
        post("c1", "{\"key\":\"sum\",\"kind\":\"summary\",\"text\":\"Customer asked for a refund.\"}");
        awaitIdle();
        assertEquals("Customer asked for a refund.", added.get(0).text);
        clock.advance(Duration.ofSeconds(2));
        ApiException late = refused("c1", RECORDING);
        assertEquals(404, late.status());
        assertEquals("UNKNOWN_INTERACTION", late.code());
        assertTrue(late.getMessage().contains("more than 2 hours ago"), late.getMessage());
    }

    @Test
    void anUnknownInteractionIs404AndALiveOne409AndNothingIsStored() {
        ApiException unknown = refused("never", RECORDING);
        assertEquals(404, unknown.status());
        assertTrue(unknown.getMessage().contains("no logged interaction never"), unknown.getMessage());
        registry.create("acme", "live", InteractionState.OFFERED, 100, i -> { });
        logged("live"); // a log at hang-up: the wrap-up's is still to come
        ApiException live = refused("live", RECORDING);
        assertEquals(409, live.status());
        assertEquals("INTERACTION_NOT_FINISHED", live.code());
        assertEquals(1, outbox.stats("acme").pending(), "only the log");
    }

    @Test
    void aLegsAdditionGoesToTheLegsLog() {
        org.crmconnector.interaction.Interaction leg = new org.crmconnector.interaction.Interaction();
        leg.tenantId = "acme";
        leg.interactionId = "c1";
        leg.legId = 2;
        outbox.enqueue("acme", OutboxItem.Kind.LOG, null, new InteractionLog(leg, null));
        assertEquals(404, refused("c1", RECORDING).status(), "leg 0 was never logged");
        post("c1", "{\"key\":\"rec-1\",\"kind\":\"recording\",\"url\":\"https://rec.example/1\",\"leg\":2}");
        assertEquals(2, outbox.stats("acme").pending());
    }

    @Test
    void badBodiesAreRefusedNamingTheProblem() {
        logged("c1");
        assertEquals("key is required: the addition's idempotency key",
                refused("c1", "{\"kind\":\"recording\",\"url\":\"https://x.example\"}").getMessage());
        assertEquals("a recording needs url", refused("c1", "{\"key\":\"k\",\"kind\":\"recording\"}").getMessage());
        assertEquals("a summary needs text", refused("c1", "{\"key\":\"k\",\"kind\":\"summary\"}").getMessage());
        assertTrue(refused("c1", "{\"key\":\"k\",\"kind\":\"video\",\"url\":\"https://x.example\"}").getMessage()
                .contains("not one of recording, transcript, summary"));
        assertEquals("url must be an absolute http or https URL",
                refused("c1", "{\"key\":\"k\",\"kind\":\"recording\",\"url\":\"javascript:alert(1)\"}").getMessage());
        assertEquals(400, refused("c1", "{\"key\":\"a/b\",\"kind\":\"recording\",\"url\":\"https://x.example\"}").status());
        assertEquals(400, refused("c1", "{\"key\":\"k\",\"kind\":\"summary\",\"text\":\"x\",\"leg\":-1}").status());
        assertEquals(400, refused("c1", "{\"key\":\"k\",\"kind\":\"summary\",\"text\":\"" + "x".repeat(32_001) + "\"}")
                .status(), "text is bounded as notes are");
        assertEquals(1, outbox.stats("acme").pending(), "only the log");
        post("c1", "{\"key\":\"k\",\"kind\":\"TRANSCRIPT\",\"text\":\"" + "x".repeat(32_000) + "\"}");
    }

    @Test
    void aTenantWithoutRetentionTakesNoAdditions() {
        Tenant off = new Tenant(of(TenantConfig.class, "tenant_id", "acme", "adapter_instance", "crm",
                "additions_retention_hours", 0));
        logged("c1");
        ApiException e = assertThrows(ApiException.class, () -> resource.handle(
                TestRequests.postFor(off, "application/json", RECORDING, "interactions", "c1", "additions")));
        assertEquals(403, e.status());
        assertEquals("ADDITIONS_OFF", e.code());
    }
}
