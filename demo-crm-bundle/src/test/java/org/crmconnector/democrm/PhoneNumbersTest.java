package org.crmconnector.democrm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class PhoneNumbersTest {

    @Test
    void formattingIsIgnored() {
        assertEquals("15551234567", PhoneNumbers.digits("+1 (555) 123-4567"));
        assertTrue(PhoneNumbers.same("+1 (555) 123-4567", "555-123-4567"));
        assertTrue(PhoneNumbers.same("555.123.4567", "+15551234567"));
        assertTrue(PhoneNumbers.same("+15551234567", "+15551234567"));
    }

    @Test
    void differentOrShortOrEmptyNumbersDoNotMatch() {
        assertFalse(PhoneNumbers.same("+15551234567", "+15551234568"));
        assertFalse(PhoneNumbers.same("+15551234567", "4567"), "a short suffix is not a match");
        assertFalse(PhoneNumbers.same("", ""));
        assertFalse(PhoneNumbers.same(null, "+15551234567"));
        assertFalse(PhoneNumbers.same("abc", "abc"));
    }

    @Test
    void storeFindsOneOrMany() {
        DemoCrmStore store = DemoCrmStore.withSampleContacts();
        List<Contact> ada = store.byPhone("+1 (555) 123-4567");
        assertEquals(1, ada.size());
        assertEquals("Ada Lovelace", ada.get(0).name());
        assertEquals(2, store.byPhone("555 000 1111").size(), "two contacts share this number");
        assertTrue(store.byPhone("+19998887777").isEmpty());
    }
}
