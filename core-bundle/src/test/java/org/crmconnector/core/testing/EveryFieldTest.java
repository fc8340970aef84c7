package org.crmconnector.core.testing;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Field;
import java.util.List;

import org.crmconnector.core.lifecycle.Interactions;
import org.crmconnector.crm.DispositionUpdate;
import org.crmconnector.crm.InteractionLog;
import org.crmconnector.crm.TriggerEvent;
import org.crmconnector.interaction.Cav;
import org.crmconnector.interaction.CrmObject;
import org.crmconnector.interaction.Interaction;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The field-by-field tests are only as good as this helper: it must leave no field at its default and miss no difference. */
class EveryFieldTest {

    @Test
    void filledLeavesNoFieldAtTheValueAFreshInstanceHolds() throws Exception {
        for (Class<?> type : List.of(Interaction.class, Cav.class, CrmObject.class, InteractionLog.class,
                DispositionUpdate.class, TriggerEvent.class)) {
            Object fresh = type.getDeclaredConstructor().newInstance();
            Object filled = EveryField.filled(type);
            for (Field f : EveryField.fields(type)) {
                assertNotEquals(EveryField.get(f, fresh), EveryField.get(f, filled), type.getSimpleName() + "." + f.getName());
            }
        }
    }

    @Test
    void aForgottenFieldIsNoticed() {
        Interaction original = EveryField.filled(Interaction.class);
        Interaction copy = Interactions.copy(original);
        copy.transferredBy = null;

        assertThrows(AssertionFailedError.class, () -> EveryField.assertDeepCopy(original, copy));
    }

    @Test
    void aForgottenFieldOfANestedValueIsNoticed() {
        Interaction original = EveryField.filled(Interaction.class);
        Interaction copy = Interactions.copy(original);
        copy.cavs.get(0).group = null;

        assertThrows(AssertionFailedError.class, () -> EveryField.assertDeepCopy(original, copy));
    }

    @Test
    void twoFieldsSwappedAreNoticed() {
        Interaction original = EveryField.filled(Interaction.class);
        Interaction copy = Interactions.copy(original);
        copy.skillId = original.topicId;

        assertThrows(AssertionFailedError.class, () -> EveryField.assertSameValues(original, copy));
    }

    @Test
    void aSharedListIsNoticedInACopyButNotInAComparison() {
        Interaction original = EveryField.filled(Interaction.class);
        Interaction copy = Interactions.copy(original);
        copy.visitedObjects = original.visitedObjects;

        assertThrows(AssertionFailedError.class, () -> EveryField.assertDeepCopy(original, copy));
        EveryField.assertSameValues(original, copy);
    }
}
