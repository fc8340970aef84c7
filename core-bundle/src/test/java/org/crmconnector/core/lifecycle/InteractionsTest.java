package org.crmconnector.core.lifecycle;

import static org.crmconnector.core.testing.EveryField.assertDeepCopy;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.crmconnector.core.testing.EveryField;
import org.crmconnector.interaction.CrmObject;
import org.crmconnector.interaction.Interaction;
import org.junit.jupiter.api.Test;

/**
 * {@link Interactions#copy} is written by hand; these tests find every field by
 * reflection, so a field added to Interaction, Cav or CrmObject and forgotten
 * in the copy fails here.
 */
class InteractionsTest {

    @Test
    void theCopyHoldsEveryFieldOfTheInteractionAndOfItsNestedValues() {
        Interaction original = EveryField.filled(Interaction.class);

        assertDeepCopy(original, Interactions.copy(original));
    }

    @Test
    void aCrmObjectCopyHoldsEveryField() {
        CrmObject original = EveryField.filled(CrmObject.class);

        assertDeepCopy(original, Interactions.copy(original));
        assertNull(Interactions.copy((CrmObject) null));
    }
}
