package org.crmconnector.core.avaya;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class MappingRunTest {

    private static final FieldLocation PRIORITY = new FieldLocation("priority", null);

    private final MappingRun strict = new MappingRun("requestSaveInteractionLog", "", true);
    private final MappingRun bestEffort = new MappingRun("requestPerformInteractionScreenPop", "interactionData.",
            false);

    @Test
    void bestEffortLeavesOutAValueThatDoesNotFitAndSaysWhy() {
        assertNull(bestEffort.attempt(() -> {
            throw bestEffort.mismatch(PRIORITY, "must be an integer, not 'high'");
        }));
        bestEffort.apply(() -> {
            throw bestEffort.mismatch(new FieldLocation("ucid", "interaction.UCID"), "must be a string, not an array");
        });
        assertEquals(List.of("requestPerformInteractionScreenPop: interactionData.priority must be an integer, "
                + "not 'high'", "requestPerformInteractionScreenPop: interactionData.ucid (at interactionData."
                + "interaction.UCID) must be a string, not an array"), bestEffort.skipped());
        assertEquals("ok", bestEffort.attempt(() -> "ok"));
    }

    @Test
    void strictRefusesAValueThatDoesNotFit() {
        ValueMismatch e = assertThrows(ValueMismatch.class, () -> strict.apply(() -> {
            throw strict.mismatch(PRIORITY, "must be an integer, not 'high'");
        }));
        assertEquals("requestSaveInteractionLog: priority must be an integer, not 'high'", e.getMessage());
        assertTrue(strict.skipped().isEmpty());
    }

    @Test
    void bestEffortNeverLeavesOutALimit() {
        LimitExceeded e = assertThrows(LimitExceeded.class, () -> bestEffort.apply(() -> {
            throw bestEffort.limit(new FieldLocation("comments", null), "is longer than 5 characters");
        }));
        assertEquals("requestPerformInteractionScreenPop: interactionData.comments is longer than 5 characters",
                e.getMessage());
        assertTrue(bestEffort.skipped().isEmpty());
    }

    @Test
    void bestEffortLetsAnUnexpectedFailureThrough() {
        // Both are IllegalArgumentExceptions, which best effort once swallowed; neither is bad input.
        NumberFormatException bug = new NumberFormatException("For input string: \"x\"");
        assertSame(bug, assertThrows(NumberFormatException.class, () -> bestEffort.apply(() -> {
            throw bug;
        })));
        IllegalArgumentException other = new IllegalArgumentException("not a value that does not fit");
        assertSame(other, assertThrows(IllegalArgumentException.class, () -> bestEffort.attempt(() -> {
            throw other;
        })));
        assertTrue(bestEffort.skipped().isEmpty());
    }

    @Test
    void namesTheMappedObjectWhenTheProblemIsTheWholeOfIt() {
        assertEquals("requestPerformInteractionScreenPop: interactionData has more than 2 attached values",
                bestEffort.limit(new FieldLocation("", null), "has more than 2 attached values").getMessage());
        assertEquals("requestSaveInteractionLog: data must be an object, not null",
                strict.mismatch(new FieldLocation("", null), "must be an object, not null").getMessage());
    }
}
