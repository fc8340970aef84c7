package org.crmconnector.core.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.crmconnector.core.routing.AdapterRouter.Bound;
import org.crmconnector.core.testing.NoOpConnector;
import org.crmconnector.crm.CrmConnector;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;
import org.osgi.service.cm.ConfigurationAdmin;

class AdapterRouterTest {

    /** A connector that only knows its name. */
    record Stub(String name) implements NoOpConnector {
    }

    /** Service properties as DS hands them over; {@code ranking} null means not set. */
    static Map<String, Object> props(String instance, long serviceId, Object ranking) {
        Map<String, Object> p = new HashMap<>();
        if (instance != null) {
            p.put(CrmConnector.CRM_INSTANCE, instance);
        }
        p.put(CrmConnector.CRM_TYPE, "salesforce");
        p.put(Constants.SERVICE_ID, serviceId);
        p.put(Constants.SERVICE_BUNDLEID, 40L + serviceId);
        if (ranking != null) {
            p.put(Constants.SERVICE_RANKING, ranking);
        }
        return p;
    }

    AdapterRouter router;
    List<String> events;

    @BeforeEach
    void setUp() {
        router = new AdapterRouter();
        events = new ArrayList<>();
        router.addListener((instance, available) -> events.add(instance + "=" + available));
    }

    Optional<String> serving(String instance) {
        return router.connectorFor(instance).map(c -> ((Stub) c).name());
    }

    @Test
    void nothingBoundNothingServed() {
        assertEquals(Optional.empty(), router.connectorFor("sf"));
        assertEquals(Optional.empty(), router.connectorFor(null));
        assertEquals(Optional.empty(), router.current(null));
        assertTrue(router.all().isEmpty());
    }

    @Test
    void boundServiceIsServedWithItsProperties() {
        Stub c = new Stub("v1");
        router.bindConnector(c, props(" sf ", 12, 3));
        assertSame(c, router.connectorFor("sf").orElseThrow(), "the instance name is trimmed");
        Bound b = router.current("sf").orElseThrow();
        assertEquals("sf", b.instance());
        assertEquals("salesforce", b.crmType());
        assertEquals(12, b.serviceId());
        assertEquals(3, b.ranking());
        assertEquals(52, b.bundleId());
        assertEquals(List.of("sf=true"), events);
        assertEquals(Optional.empty(), router.connectorFor("other"));
    }

    @Test
    void missingOptionalPropertiesGetDefaults() {
        Map<String, Object> p = new HashMap<>();
        p.put(CrmConnector.CRM_INSTANCE, "sf");
        p.put(Constants.SERVICE_ID, 5L);
        router.bindConnector(new Stub("v1"), p);
        Bound b = router.current("sf").orElseThrow();
        assertEquals("unknown", b.crmType());
        assertEquals(0, b.ranking());
        assertEquals(-1, b.bundleId());
    }

    @Test
    void highestRankingWinsAndUnbindFallsBackInOrder() {
        router.bindConnector(new Stub("r0"), props("sf", 1, 0));
        router.bindConnector(new Stub("r10"), props("sf", 2, 10));
        router.bindConnector(new Stub("r5"), props("sf", 3, 5));
        router.bindConnector(new Stub("r-5"), props("sf", 4, -5));
        assertEquals(Optional.of("r10"), serving("sf"));
        assertEquals(List.of(2L, 3L, 1L, 4L), router.all().stream().map(Bound::serviceId).toList());

        router.unbindConnector(new Stub("r10"), props("sf", 2, 10));
        assertEquals(Optional.of("r5"), serving("sf"));
        router.unbindConnector(new Stub("r5"), props("sf", 3, 5));
        assertEquals(Optional.of("r0"), serving("sf"));
        router.unbindConnector(new Stub("r0"), props("sf", 1, 0));
        assertEquals(Optional.of("r-5"), serving("sf"));
        router.unbindConnector(new Stub("r-5"), props("sf", 4, -5));
        assertEquals(Optional.empty(), serving("sf"));
        assertTrue(router.all().isEmpty());
    }

    @Test
    void sameRankingLowestServiceIdWinsWhateverTheBindOrder() {
        router.bindConnector(new Stub("sid7"), props("sf", 7, 1));
        router.bindConnector(new Stub("sid3"), props("sf", 3, 1));
        router.bindConnector(new Stub("sid5"), props("sf", 5, 1));
        assertEquals(Optional.of("sid3"), serving("sf"));
        router.unbindConnector(new Stub("sid3"), props("sf", 3, 1));
        assertEquals(Optional.of("sid5"), serving("sf"));
    }

    @Test
    void nonIntegerRankingCountsAsZeroAsOsgiSays() {
        router.bindConnector(new Stub("long"), props("sf", 1, 100L));
        router.bindConnector(new Stub("string"), props("sf", 2, "100"));
        router.bindConnector(new Stub("int1"), props("sf", 3, 1));
        assertEquals(Optional.of("int1"), serving("sf"));
        router.unbindConnector(new Stub("int1"), props("sf", 3, 1));
        assertEquals(Optional.of("long"), serving("sf"), "both count as 0: lower service id wins");
    }

    @Test
    void instancesAreIndependent() {
        router.bindConnector(new Stub("a1"), props("a", 1, 0));
        router.bindConnector(new Stub("b1"), props("b", 2, 100));
        assertEquals(Optional.of("a1"), serving("a"));
        assertEquals(Optional.of("b1"), serving("b"));
        router.unbindConnector(new Stub("b1"), props("b", 2, 100));
        assertEquals(Optional.of("a1"), serving("a"));
        assertEquals(Optional.empty(), serving("b"));
        assertEquals(List.of("a=true", "b=true", "b=false"), events);
    }

    @Test
    void serviceWithoutInstanceIsIgnoredOnBindAndUnbind() {
        router.bindConnector(new Stub("nameless"), props(null, 1, 0));
        router.bindConnector(new Stub("blank"), props("  ", 2, 0));
        assertTrue(router.all().isEmpty());
        assertEquals(Optional.empty(), router.connectorFor(""));
        assertEquals(Optional.empty(), router.connectorFor("  "));
        router.unbindConnector(new Stub("nameless"), props(null, 1, 0));
        router.unbindConnector(new Stub("blank"), props("  ", 2, 0));
        assertEquals(List.of(), events, "listeners hear nothing of services no tenant can use");
    }

    @Test
    void listenersHearEveryAvailabilityChange() {
        router.bindConnector(new Stub("v1"), props("sf", 1, 0));
        router.bindConnector(new Stub("v2"), props("sf", 2, 0));
        router.unbindConnector(new Stub("v1"), props("sf", 1, 0));
        router.unbindConnector(new Stub("v2"), props("sf", 2, 0));
        assertEquals(List.of("sf=true", "sf=true", "sf=true", "sf=false"), events);
    }

    @Test
    void removedListenerHearsNothingMoreAndSeveralListenersAllHear() {
        List<String> second = new ArrayList<>();
        AdapterRouter.AdapterListener l2 = (i, a) -> second.add(i + "=" + a);
        router.addListener(l2);
        router.bindConnector(new Stub("v1"), props("sf", 1, 0));
        router.removeListener(l2);
        router.unbindConnector(new Stub("v1"), props("sf", 1, 0));
        assertEquals(List.of("sf=true", "sf=false"), events);
        assertEquals(List.of("sf=true"), second);
    }

    @Test
    void unbindOfUnknownServiceLeavesOthersBound() {
        router.bindConnector(new Stub("v1"), props("sf", 1, 0));
        router.unbindConnector(new Stub("ghost"), props("sf", 99, 0));
        assertEquals(Optional.of("v1"), serving("sf"));
        // nothing changed, so listeners hear nothing
        assertEquals(List.of("sf=true"), events);
    }

    @Test
    void updatedPropertiesMoveTheServiceToItsNewInstance() {
        Stub s = new Stub("v1");
        router.bindConnector(s, props("old", 1, 0));
        router.updatedConnector(s, props("new", 1, 0));
        assertEquals(Optional.empty(), serving("old"));
        assertEquals(Optional.of("v1"), serving("new"));
        router.unbindConnector(s, props("new", 1, 0));
        assertEquals(Optional.empty(), serving("new"));
    }

    /** Hot swap with a higher-ranked v2: the new one takes over at once, and the id never goes dark. */
    @Test
    void hotSwapToHigherRankingAlwaysLeavesAConnector() {
        Stub v1 = new Stub("v1");
        Stub v2 = new Stub("v2");
        router.bindConnector(v1, props("sf", 10, 0));
        assertEquals(Optional.of("v1"), serving("sf"));
        router.bindConnector(v2, props("sf", 11, 1));
        assertEquals(Optional.of("v2"), serving("sf"), "the better one serves as soon as it is bound");
        router.unbindConnector(v1, props("sf", 10, 0));
        assertEquals(Optional.of("v2"), serving("sf"));
        assertEquals(List.of("sf=true", "sf=true", "sf=true"), events, "never unavailable");
    }

    /** Hot swap with an equally ranked v2: v1 (older, lower service id) serves until it goes. */
    @Test
    void hotSwapWithSameRankingAlwaysLeavesAConnector() {
        Stub v1 = new Stub("v1");
        Stub v2 = new Stub("v2");
        router.bindConnector(v1, props("sf", 10, 0));
        router.bindConnector(v2, props("sf", 11, 0));
        assertEquals(Optional.of("v1"), serving("sf"));
        router.unbindConnector(v1, props("sf", 10, 0));
        assertEquals(Optional.of("v2"), serving("sf"));
        assertTrue(events.stream().noneMatch(e -> e.endsWith("false")), events.toString());
    }

    /** Repeated swaps keep exactly one list entry per live service. */
    @Test
    void manySwapsKeepTheListClean() {
        long sid = 100;
        router.bindConnector(new Stub("gen0"), props("sf", sid, 0));
        for (int gen = 1; gen <= 20; gen++) {
            router.bindConnector(new Stub("gen" + gen), props("sf", sid + gen, gen % 3));
            assertTrue(router.connectorFor("sf").isPresent());
            router.unbindConnector(new Stub("gen" + (gen - 1)), props("sf", sid + gen - 1, (gen - 1) % 3));
            assertEquals(Optional.of("gen" + gen), serving("sf"));
            assertEquals(1, router.all().size());
        }
    }

    @Test
    void workForAnInstanceBeingSwappedGetsTheNewService() {
        Stub v1 = new Stub("v1");
        router.bindConnector(v1, props("sf", 1, null));
        router.unbindConnector(v1, props("sf", 1, null)); // the old bundle stops first
        var waiting = router.connectorWithin("sf", 60_000);
        assertFalse(waiting.isDone(), "the swap is waited out, not failed");
        router.bindConnector(new Stub("v2"), props("sf", 2, null));
        assertEquals("v2", ((Stub) waiting.join().orElseThrow()).name());
        assertTrue(router.connectorWithin("sf", 60_000).join().isPresent(), "bound: answered at once");
    }

    @Test
    void anInstanceThatWasNeverThereIsAnsweredAtOnce() {
        var answer = router.connectorWithin("nowhere", 60_000);
        assertTrue(answer.isDone());
        assertEquals(Optional.empty(), answer.join());
        assertTrue(router.connectorWithin(null, 60_000).isDone());
    }

    @Test
    void aSwapThatBringsNothingEndsTheWaitAtTheTimeout() {
        Stub v1 = new Stub("v1");
        router.bindConnector(v1, props("sf", 1, null));
        router.unbindConnector(v1, props("sf", 1, null));
        assertEquals(Optional.empty(), router.connectorWithin("sf", 20).join());
        // a later service still serves later work, and no waiter is left behind for it
        router.bindConnector(new Stub("v2"), props("sf", 2, null));
        assertEquals(Optional.of("v2"), serving("sf"));
    }

    @Test
    void anUninstalledAdapterBundleIsNotWaitedFor() {
        Stub v1 = new Stub("v1");
        router.bindConnector(v1, props("sf", 1, null)); // from bundle 41
        router.unbindConnector(v1, props("sf", 1, null));
        var waiting = router.connectorWithin("sf", 60_000);
        assertFalse(waiting.isDone());
        router.goneFor(99);
        assertFalse(waiting.isDone(), "another bundle's uninstall ends nothing");
        router.goneFor(41);
        assertEquals(Optional.empty(), waiting.join(), "told at once, not after the timeout");
        assertTrue(router.connectorWithin("sf", 60_000).isDone());
    }

    @Test
    void anInstanceWhoseConfigurationIsDeletedIsNotWaitedFor() {
        List<String> filters = new ArrayList<>();
        router.setConfigAdmin((ConfigurationAdmin) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ConfigurationAdmin.class}, (proxy, method, args) -> {
                    filters.add((String) args[0]);
                    return null; // no configuration names it
                }));
        Stub v1 = new Stub("v1");
        router.bindConnector(v1, props("sf(eu)", 1, null));
        router.unbindConnector(v1, props("sf(eu)", 1, null));
        assertTrue(router.connectorWithin("sf(eu)", 60_000).isDone());
        assertEquals(List.of("(crm.instance=sf\\(eu\\))"), filters);
    }
}
