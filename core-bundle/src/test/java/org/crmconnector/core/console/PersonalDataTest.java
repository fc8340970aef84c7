package org.crmconnector.core.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PersonalDataTest {

    @Test
    void masksAllButTheLastFourDigits() {
        assertEquals("+\u2022\u2022\u2022\u2022\u2022\u2022\u20224567", PersonalData.mask("+15551234567"));
        assertEquals("(\u2022\u2022\u2022) \u2022\u2022\u2022-4567", PersonalData.mask("(555) 123-4567"));
        assertEquals("\u2022\u2022\u2022\u2022 \u2022\u2022\u2022\u2022\u2022", PersonalData.mask("John Smith"));
        assertEquals("12", PersonalData.mask("12"));
        assertEquals("", PersonalData.mask(null));
    }
}
