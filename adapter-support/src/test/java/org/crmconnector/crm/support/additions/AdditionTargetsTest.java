package org.crmconnector.crm.support.additions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.regex.Pattern;

import org.crmconnector.crm.InteractionAddition.Kind;
import org.junit.jupiter.api.Test;

class AdditionTargetsTest {

    private static final Pattern NAMES = Pattern.compile("[a-z][a-z0-9_]*");

    private static AdditionTargets parse(String... lines) {
        return AdditionTargets.parse(lines, NAMES, "a column name", "kind=column");
    }

    @Test
    void eachKindGoesToItsTargetSetOrAppended() {
        AdditionTargets targets = parse("recording=new_recordingurl", " Summary = description + ", "", null);
        assertEquals(new AdditionTargets.Target("new_recordingurl", false), targets.of(Kind.RECORDING));
        assertEquals(new AdditionTargets.Target("description", true), targets.of(Kind.SUMMARY));
        assertNull(targets.of(Kind.TRANSCRIPT), "not configured: not taken");
        assertNull(targets.of(null));
        assertNull(AdditionTargets.parse(null, NAMES, "a column name", "kind=column").of(Kind.SUMMARY));
    }

    @Test
    void aBadLineIsRefusedInTheCrmsWords() {
        assertEquals("'summary' is not 'kind=column' or 'kind=column+'",
                assertThrows(IllegalArgumentException.class, () -> parse("summary")).getMessage());
        assertEquals("'notes=description': the kind is recording, transcript or summary",
                assertThrows(IllegalArgumentException.class, () -> parse("notes=description")).getMessage());
        assertEquals("'Description' in 'summary=Description+' is not a column name",
                assertThrows(IllegalArgumentException.class, () -> parse("summary=Description+")).getMessage());
        assertEquals("'summary' is mapped twice", assertThrows(IllegalArgumentException.class,
                () -> parse("summary=description+", "summary=new_summary")).getMessage());
    }
}
