package org.crmconnector.core.tenant;

import static org.crmconnector.core.tenant.TenantConfigs.config;
import static org.crmconnector.core.tenant.TenantConfigs.tenant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class TenantRegistryTest {

    TenantRegistry registry;

    @BeforeEach
    void setUp() {
        registry = new TenantRegistry();
    }

    static Tenant named(String id, String adapter) {
        return tenant("tenant_id", id, "adapter_instance", adapter);
    }

    Set<String> ids() {
        return registry.all().stream().map(Tenant::id).collect(Collectors.toSet());
    }

    @Test
    void addFindRemove() {
        Tenant a = named("a", "x");
        Tenant b = named("b", "y");
        registry.addTenant(a);
        registry.addTenant(b);
        assertSame(a, registry.find("a").orElseThrow());
        assertSame(b, registry.find("b").orElseThrow());
        assertEquals(Optional.empty(), registry.find("c"));
        assertEquals(Optional.empty(), registry.find(null));
        assertEquals(Set.of("a", "b"), ids());

        registry.removeTenant(a);
        assertEquals(Optional.empty(), registry.find("a"));
        assertEquals(Set.of("b"), ids());
        registry.removeTenant(a); // twice: harmless
        registry.removeTenant(named("never-added", "z"));
        assertEquals(Set.of("b"), ids());
    }

    @Test
    void findIsExact() {
        registry.addTenant(named("Acme", "x"));
        assertTrue(registry.find("acme").isEmpty());
        assertTrue(registry.find("Acme ").isEmpty());
        assertTrue(registry.find("Acme").isPresent());
    }

    @Test
    void allIsASnapshot() {
        registry.addTenant(named("a", "x"));
        var all = registry.all();
        registry.addTenant(named("b", "x"));
        assertEquals(1, all.size());
        assertThrows(UnsupportedOperationException.class, () -> all.clear());
    }

    @Test
    void sameInstanceAddedTwiceIsOneTenant() {
        Tenant a = named("a", "x");
        registry.addTenant(a);
        registry.addTenant(a);
        assertEquals(1, registry.all().size());
        registry.removeTenant(a);
        assertTrue(registry.find("a").isEmpty());
    }

    @Test
    void duplicateIdWaitsAndTakesOverWhenTheFirstGoes() {
        Tenant first = named("acme", "old");
        Tenant second = named("acme", "new");
        registry.addTenant(first);
        registry.addTenant(second);
        assertSame(first, registry.find("acme").orElseThrow(), "the first one stays");
        assertEquals(1, registry.all().size(), "the waiting one is not listed");

        registry.removeTenant(first);
        assertSame(second, registry.find("acme").orElseThrow(), "the second takes over");
        assertEquals(List.of(second), List.copyOf(registry.all()));

        registry.removeTenant(second);
        assertTrue(registry.find("acme").isEmpty());
        assertTrue(registry.all().isEmpty());
    }

    @Test
    void waitingTenantsTakeOverInArrivalOrder() {
        Tenant t1 = named("acme", "1");
        Tenant t2 = named("acme", "2");
        Tenant t3 = named("acme", "3");
        Tenant other = named("other", "o");
        registry.addTenant(t1);
        registry.addTenant(other);
        registry.addTenant(t2);
        registry.addTenant(t3);
        registry.removeTenant(t1);
        assertSame(t2, registry.find("acme").orElseThrow());
        registry.removeTenant(t2);
        assertSame(t3, registry.find("acme").orElseThrow());
        assertSame(other, registry.find("other").orElseThrow());
        registry.removeTenant(t3);
        assertTrue(registry.find("acme").isEmpty());
    }

    @Test
    void waitingTenantRemovedBeforeItsTurnNeverComesBack() {
        Tenant t1 = named("acme", "1");
        Tenant t2 = named("acme", "2");
        Tenant t3 = named("acme", "3");
        registry.addTenant(t1);
        registry.addTenant(t2);
        registry.addTenant(t3);
        registry.removeTenant(t2);
        assertSame(t1, registry.find("acme").orElseThrow(), "removing a waiting tenant leaves the live one");
        registry.removeTenant(t1);
        assertSame(t3, registry.find("acme").orElseThrow());
        registry.removeTenant(t3);
        assertTrue(registry.find("acme").isEmpty());
    }

    @Test
    void removingAnotherIdDoesNotPromoteWaiters() {
        Tenant t1 = named("acme", "1");
        Tenant t2 = named("acme", "2");
        Tenant b = named("b", "x");
        registry.addTenant(t1);
        registry.addTenant(t2);
        registry.addTenant(b);
        registry.removeTenant(b);
        assertSame(t1, registry.find("acme").orElseThrow());
    }

    /** A tenant whose {@code id()} parks on its {@code n}-th call until released. */
    static final class ParkingTenant extends Tenant {
        final int parkOnCall;
        final AtomicInteger calls = new AtomicInteger();
        final CountDownLatch parked = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        ParkingTenant(String id, int parkOnCall) {
            super(config("tenant_id", id));
            this.parkOnCall = parkOnCall;
        }

        @Override
        public String id() {
            if (calls.incrementAndGet() == parkOnCall) {
                parked.countDown();
                try {
                    if (!release.await(10, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("never released");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return super.id();
        }
    }

    static void awaitBlockedOrDone(Thread t) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (t.getState() != Thread.State.BLOCKED && t.getState() != Thread.State.TERMINATED) {
            if (System.nanoTime() > deadline) {
                fail("thread neither blocked nor finished: " + t.getState());
            }
            Thread.onSpinWait();
        }
    }

    /**
     * DS may bind and unbind a dynamic multiple reference on different threads.
     * If the live tenant goes while a duplicate is between "the id is taken"
     * and "join the waiting list", the duplicate must still end up live; it
     * used to be stranded in the waiting list with no tenant serving the id.
     */
    @Test
    @Timeout(30)
    void duplicateArrivingWhileTheFirstGoesIsNotStranded() throws Exception {
        Tenant first = named("acme", "old");
        registry.addTenant(first);
        // id() call 1: putIfAbsent finds the first; call 2: the log line before joining the waiting list
        ParkingTenant second = new ParkingTenant("acme", 2);
        Thread adder = new Thread(() -> registry.addTenant(second));
        adder.start();
        assertTrue(second.parked.await(10, TimeUnit.SECONDS));
        Thread remover = new Thread(() -> registry.removeTenant(first));
        remover.start();
        awaitBlockedOrDone(remover);
        second.release.countDown();
        adder.join(10_000);
        remover.join(10_000);
        assertSame(second, registry.find("acme").orElse(null), "the duplicate took over");
        assertEquals(1, registry.all().size());
    }

    static Tenant configured(String id, String adapter, String pid) {
        return new Tenant(config("tenant_id", id, "adapter_instance", adapter), List.of(), false, pid);
    }

    /** A registry whose Config Admin holds {@code pids}, on a clock the test moves. */
    static TenantRegistry withConfigurations(Set<String> pids, AtomicLong nanos) {
        return new TenantRegistry(pids::contains, nanos::get);
    }

    @Test
    void aTenantWhoseConfigurationChangedAnswersUntilItsReplacementIsLive() {
        Set<String> pids = new HashSet<>(Set.of("org.crmconnector.tenant~acme"));
        AtomicLong nanos = new AtomicLong();
        registry = withConfigurations(pids, nanos);
        Tenant old = configured("acme", "old", "org.crmconnector.tenant~acme");
        Tenant edited = configured("acme", "new", "org.crmconnector.tenant~acme");
        registry.addTenant(old);

        registry.removeTenant(old); // DS: the old instance goes first
        assertSame(old, registry.find("acme").orElse(null), "no gap while DS activates the replacement");
        assertEquals(List.of(old), List.copyOf(registry.all()));

        registry.addTenant(edited);
        assertSame(edited, registry.find("acme").orElse(null));
        assertEquals(List.of(edited), List.copyOf(registry.all()));
        nanos.addAndGet(TenantRegistry.HANDOVER.toNanos() * 2);
        assertSame(edited, registry.find("acme").orElse(null), "the replacement is not ended by the old handover");
    }

    @Test
    void aDeletedConfigurationEndsItsTenantAtOnce() {
        AtomicLong nanos = new AtomicLong();
        registry = withConfigurations(Set.of(), nanos);
        Tenant acme = configured("acme", "x", "org.crmconnector.tenant~acme");
        registry.addTenant(acme);
        registry.removeTenant(acme);
        assertTrue(registry.find("acme").isEmpty());
        assertTrue(registry.all().isEmpty());
    }

    @Test
    void aChangeThatNeverBecomesATenantEndsItWhenTheHandoverRunsOut() {
        AtomicLong nanos = new AtomicLong(-123);
        registry = withConfigurations(Set.of("pid-acme"), nanos);
        Tenant acme = configured("acme", "x", "pid-acme");
        registry.addTenant(acme);
        registry.removeTenant(acme);
        nanos.addAndGet(TenantRegistry.HANDOVER.toNanos() - 1);
        assertSame(acme, registry.find("acme").orElse(null));
        nanos.addAndGet(1);
        assertTrue(registry.find("acme").isEmpty(), "refused edits do not keep the old tenant forever");
        assertTrue(registry.all().isEmpty());
    }

    @Test
    void aRenamedTenantEndsTheOldIdWhenTheNewOneIsLive() {
        AtomicLong nanos = new AtomicLong();
        registry = withConfigurations(Set.of("pid-1"), nanos);
        Tenant before = configured("acme", "x", "pid-1");
        registry.addTenant(before);
        registry.removeTenant(before);
        registry.addTenant(configured("acme-eu", "x", "pid-1"));
        assertTrue(registry.find("acme").isEmpty());
        assertEquals(Set.of("acme-eu"), ids());
    }

    @Test
    void aTenantMadeWithoutConfigAdminIsNeverHandedOver() {
        registry = withConfigurations(Set.of("anything"), new AtomicLong());
        Tenant plain = named("acme", "x");
        registry.addTenant(plain);
        registry.removeTenant(plain);
        assertTrue(registry.find("acme").isEmpty());
    }
}
