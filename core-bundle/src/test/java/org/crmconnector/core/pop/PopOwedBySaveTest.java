package org.crmconnector.core.pop;

import static org.crmconnector.testing.ComponentConfig.of;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import org.crmconnector.core.agent.AgentChannelConfig;
import org.crmconnector.core.agent.AgentStreams;
import org.crmconnector.core.channels.ChannelEvent;
import org.crmconnector.core.channels.ChannelEvents;
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
import org.crmconnector.core.softphone.SoftphoneEvents;
import org.crmconnector.core.tenant.Tenant;
import org.crmconnector.core.tenant.TenantConfig;
import org.crmconnector.core.tenant.TenantRegistry;
import org.crmconnector.core.testing.NoOpConnector;
import org.crmconnector.crm.CrmConnector;
import org.crmconnector.crm.ScreenPopRequest;
import org.crmconnector.crm.ScreenPopResult;
import org.crmconnector.softphone.CallAccepted;
import org.crmconnector.softphone.IncomingCall;
import org.crmconnector.store.InteractionStore;
import org.crmconnector.store.InteractionStore.Entry;
import org.crmconnector.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Constants;

/**
 * The pop of an event is owed by the event's own save (create or accept),
 * through the softphone and channel events as a node runs them: durable
 * before the event is answered, at no write of its own, marked shown once
 * published, and redone by another node when the one that owed it dies.
 */
class PopOwedBySaveTest {

    private static final Instant T0 = Instant.parse("2025-03-01T09:00:00Z");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);
    /** Released by the test: a lookup waits for it, so the test looks at the store before the pop goes out. */
    private final CountDownLatch crmAnswers = new CountDownLatch(1);
    private final List<Node> nodes = new ArrayList<>();

    /** The embedded store, counting durable saves; each save without waiting (the shown mark) is signalled. */
    private final Semaphore soonSaves = new Semaphore(0);
    private final InMemoryInteractionStore embedded = new InMemoryInteractionStore() {
        @Override
        public void saveSoon(Entry entry) {
            super.saveSoon(entry);
            soonSaves.release();
        }
    };

    /** One database several nodes share; each change of it is signalled. */
    private final Map<String, Entry> database = new ConcurrentHashMap<>();
    private final Semaphore sharedUpdates = new Semaphore(0);

    private InMemorySharedInteractionStore sharedNode() {
        return new InMemorySharedInteractionStore(database) {
            @Override
            public Entry update(String tenantId, String interactionId, UnaryOperator<Entry> change) {
                Entry stored = super.update(tenantId, interactionId, change);
                sharedUpdates.release();
                return stored;
            }
        };
    }

    /** What one node runs: registry, pops, the event handlers, with a CRM that answers once released. */
    private final class Node {
        final InteractionRegistry registry;
        final ScreenPops pops;
        final SoftphoneEvents softphone;
        final ChannelEvents channels;
        final Outbox outbox;
        final List<String> looked = new CopyOnWriteArrayList<>();

        Node(InteractionStore store, CountDownLatch answers) {
            registry = new InteractionRegistry(of(InteractionRegistryConfig.class), clock, store);
            AdapterRouter router = new AdapterRouter();
            router.bindConnector(new NoOpConnector() {
                @Override
                public ScreenPopResult screenPop(ScreenPopRequest request) {
                    looked.add(request.ani);
                    try {
                        answers.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return new ScreenPopResult();
                }
            }, Map.of(CrmConnector.CRM_INSTANCE, "crm", CrmConnector.CRM_TYPE, "fake", Constants.SERVICE_ID, 1L));
            Metrics metrics = new Metrics();
            AgentStreams streams = new AgentStreams(of(AgentChannelConfig.class));
            pops = new ScreenPops(of(ScreenPopConfig.class, "timeout_ms", 20_000L), router, streams, registry, metrics);
            outbox = new Outbox(of(OutboxConfig.class), "node-" + nodes.size(),
                    new MvStoreOutboxStore(dir.resolve("outbox-" + nodes.size())), t -> Optional.of("crm"), router,
                    clock, () -> 0.5, metrics);
            softphone = new SoftphoneEvents(registry, pops, new InteractionDelivery(outbox, router, metrics), streams,
                    metrics);
            channels = new ChannelEvents(registry, softphone, new InteractionDelivery(outbox, router, metrics));
            nodes.add(this);
        }

        void incomingCall(Tenant tenant, String id, String caller) {
            IncomingCall e = new IncomingCall();
            e.conversationId = id;
            e.agentId = "agent-1";
            e.callerANI = caller;
            softphone.handle(tenant, e, System.nanoTime());
        }

        void callAccepted(Tenant tenant, String id) {
            CallAccepted e = new CallAccepted();
            e.conversationId = id;
            softphone.handle(tenant, e, System.nanoTime());
        }

        void channelEvent(Tenant tenant, String event, String id, String agentId) {
            ChannelEvent e = new ChannelEvent();
            e.interactionId = id;
            e.agentId = agentId;
            e.from = "+4930555";
            channels.handle(tenant, ChannelEvents.parse(event), e, System.nanoTime());
        }
    }

    @AfterEach
    void stop() {
        crmAnswers.countDown();
        for (Node n : nodes) {
            n.pops.deactivate();
            n.outbox.close();
        }
    }

    private static Tenant tenant(Object... settings) {
        List<Object> props = new ArrayList<>(List.of("tenant_id", "acme", "adapter_instance", "crm",
                "excluded_numbers", new String[] {"4???"}));
        props.addAll(List.of(settings));
        return new Tenant(of(TenantConfig.class, props.toArray()));
    }

    private static void await(Semaphore signals, int count) throws InterruptedException {
        assertTrue(signals.tryAcquire(count, 30, TimeUnit.SECONDS), "the pop was not marked shown");
    }

    @Test
    void aPoppedIncomingCallIsOwedByItsCreateSaveAndCostsNoOtherDurableSave() throws Exception {
        Node node = new Node(embedded, crmAnswers);
        node.incomingCall(tenant(), "c1", "+4930111");
        // answered; the CRM has not: the pop is not out yet, and it is owed by the create's save
        assertEquals(T0, embedded.get("acme", "c1").popOwedSince());
        assertEquals(1, embedded.durableSaves.get(), "the create alone, where owing the pop cost a second one");
        crmAnswers.countDown();
        await(soonSaves, 1);
        assertNull(embedded.get("acme", "c1").popOwedSince(), "published: owed no more");
        assertEquals(1, embedded.durableSaves.get(), "the shown mark does not wait for the disk");
        assertEquals(List.of("+4930111"), node.looked);
    }

    @Test
    void aPopOnAcceptIsOwedByTheAcceptSave() throws Exception {
        Node node = new Node(embedded, crmAnswers);
        Tenant tenant = tenant("pop_voice", "accepted");
        node.incomingCall(tenant, "c1", "+4930111");
        assertNull(embedded.get("acme", "c1").popOwedSince(), "the offer does not pop");
        clock.advanceSeconds(4);
        node.callAccepted(tenant, "c1");
        assertEquals(T0.plusSeconds(4), embedded.get("acme", "c1").popOwedSince());
        assertEquals(2, embedded.durableSaves.get(), "the create and the accept, nothing besides");
        crmAnswers.countDown();
        await(soonSaves, 1);
        assertNull(embedded.get("acme", "c1").popOwedSince());
    }

    @Test
    void aMomentAChannelOrANumberThatDoesNotPopOwesNothing() {
        Node node = new Node(embedded, crmAnswers);
        Tenant never = tenant("pop_voice", "never");
        node.incomingCall(never, "never", "+4930111");
        node.callAccepted(never, "never");
        assertNull(embedded.get("acme", "never").popOwedSince(), "voice never pops");
        node.incomingCall(tenant(), "internal", "4711");
        assertNull(embedded.get("acme", "internal").popOwedSince(), "an excluded number is not even owed");
        node.channelEvent(tenant(), "emailOffered", "mail", "agent-1");
        assertNull(embedded.get("acme", "mail").popOwedSince(), "email pops when accepted, not offered");
        clock.advanceSeconds(2);
        node.channelEvent(tenant(), "emailAccepted", "mail", null);
        assertEquals(T0.plusSeconds(2), embedded.get("acme", "mail").popOwedSince(), "and then it is owed");
        node.channelEvent(tenant(), "chatOffered", "chat", "agent-1");
        assertEquals(T0.plusSeconds(2), embedded.get("acme", "chat").popOwedSince(), "chats pop when offered");
    }

    @Test
    void aTransferOwesThePopToTheNewAgentInTheTransferSave() {
        Node node = new Node(embedded, crmAnswers);
        Tenant tenant = tenant("pop_voice", "accepted");
        node.channelEvent(tenant, "callOffered", "c1", "agent-1");
        node.channelEvent(tenant, "callAccepted", "c1", null);
        Tenant popsOnOffer = tenant();
        int saves = embedded.durableSaves.get();
        clock.advanceSeconds(7);
        node.channelEvent(popsOnOffer, "callTransferred", "c1", "agent-2");
        assertEquals(T0.plusSeconds(7), embedded.get("acme", "c1").popOwedSince());
        assertEquals(saves + 1, embedded.durableSaves.get(), "the transfer's save carries it");
    }

    @Test
    void onASharedStoreThePopCostsTheCreateAndTheShownMarkOnly() throws Exception {
        Node node = new Node(sharedNode(), crmAnswers);
        node.incomingCall(tenant(), "c1", "+4930111");
        assertEquals(1, sharedUpdates.availablePermits(), "the create, owing the pop in the same row write");
        assertEquals(T0, database.get("acme/c1").popOwedSince());
        crmAnswers.countDown();
        await(sharedUpdates, 2);
        assertNull(database.get("acme/c1").popOwedSince());
    }

    @Test
    void aPopOwedByANodeThatDiedIsRedoneByAnotherOnTheSharedStore() throws Exception {
        Node dying = new Node(sharedNode(), new CountDownLatch(1)); // its CRM never answers: it dies first
        dying.incomingCall(tenant(), "c1", "+4930111");
        assertEquals(T0, database.get("acme/c1").popOwedSince());
        Node survivor = new Node(sharedNode(), new CountDownLatch(0));
        TenantRegistry tenants = new TenantRegistry();
        tenants.addTenant(tenant());
        OwedPops sweep = OwedPops.checkedByHand(survivor.registry, tenants, survivor.pops);
        assertEquals(List.of(), sweep.check(), "not overdue: the lookup may still be running");
        clock.advance(survivor.pops.timeout().plus(OwedPops.GRACE).plusSeconds(1));
        List<PopOutcome> redone = sweep.check().stream().map(CompletableFuture::join).toList();
        assertEquals(1, redone.size());
        assertTrue(redone.get(0).popped(), "published to the agent by the survivor");
        assertEquals(List.of("+4930111"), survivor.looked);
        assertNull(database.get("acme/c1").popOwedSince(), "shown: owed no more");
        assertEquals(List.of(), sweep.check());
    }
}
