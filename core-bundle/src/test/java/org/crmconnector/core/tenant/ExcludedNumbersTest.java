package org.crmconnector.core.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.crmconnector.interaction.Direction;
import org.crmconnector.interaction.Interaction;
import org.junit.jupiter.api.Test;

class ExcludedNumbersTest {

    @Test
    void globsMatchTheWholeDigitStringWhateverTheSeparators() {
        ExcludedNumbers excluded = ExcludedNumbers.parse(new String[] {"4???", "+44 20 7946 0*", ""});
        assertTrue(excluded.matches("4711"));
        assertTrue(excluded.matches("4-7-1-1"));
        assertFalse(excluded.matches("47110"), "four digits, not a prefix");
        assertFalse(excluded.matches("5711"));
        assertTrue(excluded.matches("+44 (20) 7946-0123"));
        assertTrue(excluded.matches("442079460"));
        assertFalse(excluded.matches("+44 20 7946 1000"));
        assertFalse(excluded.matches(null));
        assertFalse(excluded.matches("anonymous"), "a number without digits matches nothing");
        assertEquals("4???, +44 20 7946 0*", excluded.toString());
    }

    @Test
    void regularExpressionsMatchTheDigits() {
        ExcludedNumbers excluded = ExcludedNumbers.parse(new String[] {"re:(2|3)\\d{3}"});
        assertTrue(excluded.matches("2000"));
        assertTrue(excluded.matches("+3999"));
        assertFalse(excluded.matches("4000"));
        assertFalse(excluded.matches("20000"));
    }

    @Test
    void anInteractionIsExcludedByItsCallerOrItsDialledNumber() {
        ExcludedNumbers excluded = ExcludedNumbers.parse(new String[] {"4???"});
        Interaction inbound = new Interaction();
        inbound.callerNumber = "+49 30 123456";
        inbound.dnis = "4100";
        assertTrue(excluded.excludes(inbound), "a call to a test line");
        Interaction outbound = new Interaction();
        outbound.direction = Direction.OUTBOUND;
        outbound.callerNumber = "4200";
        outbound.destinationAddress = "+49 30 123456";
        assertTrue(excluded.excludes(outbound), "a call from an internal extension");
        Interaction customer = new Interaction();
        customer.callerNumber = "+49 30 123456";
        customer.dnis = "+49 800 100";
        assertFalse(excluded.excludes(customer));
        assertFalse(ExcludedNumbers.parse(new String[0]).excludes(inbound));
    }

    @Test
    void badPatternsAreRefusedNamingThem() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ExcludedNumbers.parse(new String[] {"re:(4"}))
                .getMessage().contains("'re:(4' is not a valid regular expression"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ExcludedNumbers.parse(new String[] {"ext4*"}))
                .getMessage().contains("may hold only digits, * and ?"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ExcludedNumbers.parse(new String[] {"--"}))
                .getMessage().contains("names no digits"));
        IllegalArgumentException inTenant = assertThrows(IllegalArgumentException.class,
                () -> TenantConfigs.tenant("excluded_numbers", new String[] {"re:["}));
        assertTrue(inTenant.getMessage().startsWith("tenant acme: excluded.numbers:"), inTenant.getMessage());
    }
}
