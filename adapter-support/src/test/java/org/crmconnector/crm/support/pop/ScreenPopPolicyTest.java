package org.crmconnector.crm.support.pop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.crmconnector.crm.ScreenPopResult;
import org.crmconnector.interaction.CrmObject;
import org.junit.jupiter.api.Test;

class ScreenPopPolicyTest {

    private final PopPages pages = new PopPages() {
        @Override
        public String search(String number) {
            return "https://crm.example/search?q=" + number;
        }

        @Override
        public String newContact(String number) {
            return "https://crm.example/new-contact?phone=" + number;
        }
    };

    private static CrmObject record(String id, String name) {
        CrmObject object = new CrmObject(id, "Contact", name, true, false);
        object.url = "https://crm.example/r/" + id;
        return object;
    }

    private ScreenPopPolicy policy(ManyMatchesPop many, NoMatchPop none) {
        return new ScreenPopPolicy(pages, many, none, "_crm", "New Contact");
    }

    @Test
    void oneMatchPopsTheRecord() {
        ScreenPopResult result = policy(ManyMatchesPop.SEARCH_PAGE, NoMatchPop.NOTHING)
                .decide(List.of(record("c1", "Ada")), "+4930123");

        assertEquals("https://crm.example/r/c1", result.pop.url);
        assertEquals("_crm", result.pop.target);
        assertEquals("Ada", result.pop.title);
        assertEquals(1, result.matches.size());
    }

    @Test
    void severalMatchesPopTheSearchPageOrAreOffered() {
        List<CrmObject> two = List.of(record("c1", "Ada"), record("c2", "Bob"));

        ScreenPopResult search = policy(ManyMatchesPop.SEARCH_PAGE, NoMatchPop.NOTHING).decide(two, "+4930123");
        assertEquals("https://crm.example/search?q=+4930123", search.pop.url);
        assertEquals("Search: +4930123", search.pop.title);
        assertFalse(search.offerAsOptions);

        ScreenPopResult offered = policy(ManyMatchesPop.OFFER_OPTIONS, NoMatchPop.NOTHING).decide(two, "+4930123");
        assertNull(offered.pop);
        assertTrue(offered.offerAsOptions);

        ScreenPopResult noNumber = policy(ManyMatchesPop.SEARCH_PAGE, NoMatchPop.NOTHING).decide(two, null);
        assertNull(noNumber.pop, "nothing to search for");
        assertTrue(noNumber.offerAsOptions);
    }

    @Test
    void noMatchPopsANewContactOnlyForANumberWithDigits() {
        ScreenPopResult result = policy(ManyMatchesPop.SEARCH_PAGE, NoMatchPop.NEW_CONTACT).decide(List.of(), "+4930123");
        assertEquals("https://crm.example/new-contact?phone=+4930123", result.pop.url);
        assertEquals("New Contact", result.pop.title);

        assertNull(policy(ManyMatchesPop.SEARCH_PAGE, NoMatchPop.NEW_CONTACT).decide(List.of(), "anonymous").pop);
        assertNull(policy(ManyMatchesPop.SEARCH_PAGE, NoMatchPop.NEW_CONTACT).decide(List.of(), null).pop);
        assertNull(policy(ManyMatchesPop.SEARCH_PAGE, NoMatchPop.NOTHING).decide(List.of(), "+4930123").pop);
    }
}
