package org.crmconnector.core.lifecycle;

import static org.crmconnector.core.lifecycle.InteractionRegistry.states;
import static org.crmconnector.interaction.InteractionState.ACCEPTED;
import static org.crmconnector.interaction.InteractionState.ENDED;
import static org.crmconnector.interaction.InteractionState.OFFERED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.crmconnector.core.lifecycle.LifecycleException.Code;
import org.crmconnector.core.refusal.Refusal.Kind;
import org.crmconnector.interaction.Cav;
import org.crmconnector.interaction.CrmObject;
import org.crmconnector.interaction.Interaction;
import org.crmconnector.testing.ComponentConfig;
import org.crmconnector.testing.MutableClock;
import org.junit.jupiter.api.Test;

/** What one interaction may hold: growth past a limit is refused and changes nothing. */
class InteractionLimitsTest {

    static final String TENANT = "acme";

    final InMemoryInteractionStore store = new InMemoryInteractionStore();
    final InteractionRegistry registry = new InteractionRegistry(ComponentConfig.of(InteractionRegistryConfig.class,
            "max_cavs", 3, "max_crm_objects", 2), new MutableClock(Instant.parse("2025-03-01T09:00:00Z")), store);

    private static Cav cav(String id) {
        return new Cav(id, null, null, "v");
    }

    private static CrmObject contact(String id) {
        return new CrmObject(id, "Contact", "C " + id, true, false);
    }

    @Test
    void cavsPastTheLimitAreRefusedAndNothingChanges() {
        registry.create(TENANT, "i-1", OFFERED, 100, i -> i.cavs.add(cav("1")));
        registry.update(TENANT, "i-1", i -> {
            i.cavs.add(cav("2"));
            i.cavs.add(cav("3"));
        });
        int saves = store.saves.get();
        LifecycleException e = assertThrows(LifecycleException.class,
                () -> registry.update(TENANT, "i-1", i -> i.cavs.add(cav("4"))));
        assertEquals(Code.TOO_MANY_CAVS, e.code());
        assertEquals(Kind.CONFLICT, e.code().kind());
        assertTrue(e.getMessage().contains("at most 3 CAVs (max.cavs)"), e.getMessage());
        assertEquals(3, registry.get(TENANT, "i-1").cavs.size());
        assertEquals(saves, store.saves.get(), "nothing was saved");
        // changing what it holds is no growth
        registry.update(TENANT, "i-1", i -> i.cavs.get(0).value = "w");
        assertEquals("w", registry.get(TENANT, "i-1").cavs.get(0).value);
    }

    @Test
    void anInteractionCannotBeCreatedOrMovedPastTheLimit() {
        LifecycleException e = assertThrows(LifecycleException.class, () -> registry.create(TENANT, "i-2", OFFERED, 100,
                i -> {
                    for (int n = 0; n < 4; n++) {
                        i.cavs.add(cav("c" + n));
                    }
                }));
        assertEquals(Code.TOO_MANY_CAVS, e.code());
        assertEquals(0, registry.liveCount(TENANT));
        assertThrows(LifecycleException.class, () -> registry.get(TENANT, "i-2"));

        registry.create(TENANT, "i-3", OFFERED, 100, i -> { });
        LifecycleException moved = assertThrows(LifecycleException.class, () -> registry.transition(TENANT, "i-3",
                states(OFFERED), ACCEPTED, i -> {
                    i.nameOptions.add(contact("a"));
                    i.nameOptions.add(contact("b"));
                    i.nameOptions.add(contact("c"));
                }));
        assertEquals(Code.TOO_MANY_CRM_OBJECTS, moved.code());
        assertTrue(moved.getMessage().contains("Name options (max.crm.objects)"), moved.getMessage());
        assertEquals(OFFERED, registry.get(TENANT, "i-3").state);
        assertEquals(0, registry.get(TENANT, "i-3").nameOptions.size());
    }

    @Test
    void eachCrmObjectListHasItsOwnLimit() {
        registry.create(TENANT, "i-4", OFFERED, 100, i -> { });
        registry.update(TENANT, "i-4", i -> {
            i.visitedObjects.add(contact("a"));
            i.visitedObjects.add(contact("b"));
            i.nameOptions.add(contact("a"));
            i.nameOptions.add(contact("b"));
            i.relatedToOptions.add(new CrmObject("x", "Case", "X", false, true));
        });
        assertThrows(LifecycleException.class, () -> registry.update(TENANT, "i-4", i -> i.visitedObjects.add(contact("c"))));
        assertThrows(LifecycleException.class, () -> registry.update(TENANT, "i-4", i -> {
            i.relatedToOptions.add(new CrmObject("y", "Case", "Y", false, true));
            i.relatedToOptions.add(new CrmObject("z", "Case", "Z", false, true));
        }));
        Interaction after = registry.get(TENANT, "i-4");
        assertEquals(2, after.visitedObjects.size());
        assertEquals(1, after.relatedToOptions.size());
    }

    @Test
    void anInteractionAlreadyPastALoweredLimitMayStillMoveOn() {
        InteractionRegistry roomy = new InteractionRegistry(ComponentConfig.of(InteractionRegistryConfig.class),
                new MutableClock(Instant.parse("2025-03-01T09:00:00Z")), store);
        roomy.create(TENANT, "i-5", OFFERED, 100, i -> {
            for (int n = 0; n < 10; n++) {
                i.cavs.add(cav("c" + n));
            }
        });
        // the same store read by a registry with a lower limit, as after a configuration change and a restart
        InteractionRegistry strict = new InteractionRegistry(ComponentConfig.of(InteractionRegistryConfig.class,
                "max_cavs", 3), new MutableClock(Instant.parse("2025-03-01T09:01:00Z")), store);
        strict.transition(TENANT, "i-5", states(OFFERED), ACCEPTED, i -> i.cavs.remove(0));
        assertEquals(ENDED, strict.transition(TENANT, "i-5", states(ACCEPTED), ENDED, i -> { }).state);
        assertEquals(9, strict.get(TENANT, "i-5").cavs.size());
        assertThrows(LifecycleException.class, () -> strict.update(TENANT, "i-5", i -> i.cavs.add(cav("new"))));
    }

    @Test
    void aLookupsMatchesAreOfferedOnlyWhileThereIsRoom() {
        InteractionLimits limits = registry.limits();
        assertTrue(limits.roomForCrmObject(1));
        assertFalse(limits.roomForCrmObject(2));
    }
}
