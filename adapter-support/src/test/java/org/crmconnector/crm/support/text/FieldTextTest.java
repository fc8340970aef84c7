package org.crmconnector.crm.support.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.DayOfWeek;

import org.junit.jupiter.api.Test;

class FieldTextTest {

    @Test
    void theFirstValueGivenIsTheFirstNotBlank() {
        assertEquals("b", FieldText.first(null, " ", "b", "c"));
        assertNull(FieldText.first(null, ""));
    }

    @Test
    void textIsCutWithoutSplittingASurrogatePair() {
        assertEquals("abc", FieldText.truncate("abc", 5));
        assertEquals("abc", FieldText.truncate("abc", null));
        assertEquals("ab", FieldText.truncate("abcd", 2));
        assertEquals("a", FieldText.truncate("a\uD83D\uDE00b", 2), "not half an emoji");
    }

    @Test
    void namesBecomeWords() {
        assertEquals("Monday", FieldText.capitalised(DayOfWeek.MONDAY));
        assertNull(FieldText.capitalised((Enum<?>) null));
        assertEquals("Call", FieldText.capitalised("CALL"));
    }
}
