package org.crmconnector.crm.support.phone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.crmconnector.crm.ScreenPopRequest;
import org.crmconnector.interaction.Direction;
import org.crmconnector.interaction.Interaction;
import org.junit.jupiter.api.Test;

class PhoneNumbersTest {

    @Test
    void onlyDigitsCount() {
        assertEquals("15551234567", PhoneNumbers.digits("+1 (555) 123-4567"));
        assertEquals("", PhoneNumbers.digits(null));
    }

    @Test
    void internationalAndTrunkPrefixesAreNotSignificant() {
        assertEquals("442079460000", PhoneNumbers.significant("0044 20 7946 0000"));
        assertEquals("2079460000", PhoneNumbers.significant("020 7946 0000"));
        assertEquals("0", PhoneNumbers.significant("000"), "a number of zeros keeps one");
    }

    @Test
    void anE164CallerIdIsAlsoSearchedInItsNationalForms() {
        assertEquals(List.of("15551234567", "5551234567", "551234567"),
                List.copyOf(PhoneNumbers.searchVariants("+1 555 123 4567")));
        assertEquals(List.of("33123456789", "3123456789", "123456789"),
                List.copyOf(PhoneNumbers.searchVariants("+33 1 23 45 67 89")));
    }

    @Test
    void shortNumbersAreSearchedAsTheyAre() {
        assertEquals(List.of("112"), List.copyOf(PhoneNumbers.searchVariants("112")));
        assertTrue(PhoneNumbers.searchVariants("ext.").isEmpty());
    }

    @Test
    void sameNumberMatchesBySuffixWithEnoughDigits() {
        assertTrue(PhoneNumbers.sameNumber("+15551234567", "(555) 123-4567"));
        assertTrue(PhoneNumbers.sameNumber("+44 20 7946 0000", "020 7946 0000"));
        assertFalse(PhoneNumbers.sameNumber("+15551234567", "(555) 123-4568"));
        assertFalse(PhoneNumbers.sameNumber("4567", "1234567"),
                "fewer than " + PhoneNumbers.MIN_MATCH_DIGITS + " digits is a guess, not a match");
    }

    @Test
    void theCallerIsTheRequestsAniElseItsInteractions() {
        ScreenPopRequest request = new ScreenPopRequest();
        assertEquals(null, PhoneNumbers.callerOf(request));
        request.interaction = new Interaction();
        request.interaction.callerNumber = "+4930123";
        request.interaction.direction = Direction.INBOUND;
        assertEquals(request.interaction.ani(), PhoneNumbers.callerOf(request));
        request.ani = " ";
        assertEquals(request.interaction.ani(), PhoneNumbers.callerOf(request), "a blank ANI is none");
        request.ani = "+4930999";
        assertEquals("+4930999", PhoneNumbers.callerOf(request));
    }
}
