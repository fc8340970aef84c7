package org.crmconnector.crm.salesforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.crmconnector.crm.InteractionLog;
import org.crmconnector.crm.ScreenPopResult;
import org.crmconnector.crm.SearchRequest;
import org.crmconnector.interaction.CrmObject;
import org.crmconnector.interaction.Interaction;
import org.crmconnector.testing.adapter.SampleCalls;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScreenPopTest {

    @AutoClose
    private final AdapterFixture fixture = new AdapterFixture();

    @Test
    void oneMatchPopsTheRecordsLightningPage() throws Exception {
        String id = fixture.org.addContact("Jane Doe", "555-123-4567");
        SalesforceConnector sf = fixture.start();

        ScreenPopResult result = sf.screenPop(SampleCalls.call("+1 (555) 123-4567"));

        assertEquals(ScreenPopResult.Match.ONE, result.match());
        String url = fixture.org.url() + "/lightning/r/Contact/" + id + "/view";
        assertEquals(url, result.pop.url);
        CrmObject match = result.matches.get(0);
        assertEquals(id, match.id);
        assertEquals("Contact", match.label);
        assertEquals("Jane Doe", match.name);
        assertTrue(match.isWho);
        assertFalse(match.isWhat);
        assertEquals(url, match.url);
    }

    @Test
    void anAccountIsARelatedToRecord() throws Exception {
        String id = fixture.org.add("Account", Map.of("Name", "Acme", "Phone", "(555) 123-4567"));
        SalesforceConnector sf = fixture.start();

        CrmObject match = sf.screenPop(SampleCalls.call("5551234567")).matches.get(0);

        assertEquals(id, match.id);
        assertTrue(match.isWhat);
        assertFalse(match.isWho);
    }

    @Test
    void severalMatchesPopTheSearchPage() throws Exception {
        fixture.org.addContact("Jane Doe", "555-123-4567");
        fixture.org.add("Lead", Map.of("Name", "J. Doe", "MobilePhone", "+1 555 123 4567", "IsConverted", false));
        SalesforceConnector sf = fixture.start();

        ScreenPopResult result = sf.screenPop(SampleCalls.call("+15551234567"));

        assertEquals(ScreenPopResult.Match.MANY, result.match());
        assertFalse(result.offerAsOptions);
        assertEquals(fixture.org.url() + "/lightning/search?searchInput=%2B15551234567", result.pop.url);
    }

    @Test
    void severalMatchesCanBeOfferedAsOptions() throws Exception {
        fixture.org.addContact("Jane Doe", "555-123-4567");
        fixture.org.add("Account", Map.of("Name", "Acme", "Phone", "555.123.4567"));
        SalesforceConnector sf = fixture.start(fixture.config().and("pop.manyMatches", "OFFER_OPTIONS"));

        ScreenPopResult result = sf.screenPop(SampleCalls.call("+15551234567"));

        assertTrue(result.offerAsOptions);
        assertNull(result.pop);
        assertEquals(2, result.matches.size());
        assertEquals(1, result.matches.stream().filter(m -> m.isWho).count());
        assertEquals(1, result.matches.stream().filter(m -> m.isWhat).count());
    }

    @Test
    void convertedLeadsAreNotOffered() throws Exception {
        fixture.org.add("Lead", Map.of("Name", "Old Lead", "Phone", "555-123-4567", "IsConverted", true));
        SalesforceConnector sf = fixture.start();

        assertEquals(ScreenPopResult.Match.NONE, sf.screenPop(SampleCalls.call("+15551234567")).match());
    }

    @Test
    void noMatchPopsANewContactPrefilledWithTheNumber() throws Exception {
        SalesforceConnector sf = fixture.start();

        ScreenPopResult result = sf.screenPop(SampleCalls.call("+1 555 987,6543"));

        assertEquals(ScreenPopResult.Match.NONE, result.match());
        assertEquals(fixture.org.url() + "/lightning/o/Contact/new?defaultFieldValues=Phone=%2B1%20555%20987%2C6543",
                result.pop.url);
    }

    @Test
    void noMatchCanPopNothing() throws Exception {
        SalesforceConnector sf = fixture.start(fixture.config().and("pop.noMatch", "NOTHING"));

        ScreenPopResult result = sf.screenPop(SampleCalls.call("+15559876543"));

        assertEquals(ScreenPopResult.Match.NONE, result.match());
        assertNull(result.pop);
    }

    @ParameterizedTest(name = "stored {0}, caller {1}")
    @CsvSource(delimiter = '|', value = {
            "555-123-4567      | +1 (555) 123-4567",
            "(555) 123-4567    | +15551234567",
            "+1 555 123 4567   | 5551234567",
            "+15551234567      | 555.123.4567",
            "5551234567        | 1-555-123-4567",
            "020 7946 0000     | +44 20 7946 0000",
            "+44 20 7946 0000  | 020 7946 0000",
            "+33 1 23 45 67 89 | 01 23 45 67 89",
            "555-123-4567      | +1 {555} [123]-4567!?" })
    void numbersMatchWhateverTheirFormatting(String stored, String caller) throws Exception {
        String id = fixture.org.addContact("Jane Doe", stored.trim());
        fixture.org.addContact("Someone Else", "555-123-9999");
        SalesforceConnector sf = fixture.start();

        ScreenPopResult result = sf.screenPop(SampleCalls.call(caller.trim()));

        assertEquals(List.of(id), result.matches.stream().map(m -> m.id).toList());
        // The strict emulator answers MALFORMED_SEARCH to any unescaped reserved character.
        assertTrue(fixture.org.soslQueries().get(0).contains("IN PHONE FIELDS"));
    }

    @Test
    void aLongerNumberContainingTheDigitsIsNotTheCaller() throws Exception {
        fixture.org.addContact("Extension Person", "+49 555 123 4567 89");
        SalesforceConnector sf = fixture.start();

        assertEquals(ScreenPopResult.Match.NONE, sf.screenPop(SampleCalls.call("+15551234567")).match());
    }

    @Test
    void freeTextSearchEscapesEveryReservedCharacter() throws Exception {
        String name = "O'Brien & Sons {UK} [1+1]: \"Best\" ~^*?|!\\ (x-y)";
        String id = fixture.org.add("Account", Map.of("Name", name, "Phone", "555-000-1111"));
        fixture.org.add("Account", Map.of("Name", "O'Brien Other", "Phone", "555-000-2222"));
        SalesforceConnector sf = fixture.start();

        List<CrmObject> found = sf.search(new SearchRequest("t1", name, 10));

        assertEquals(List.of(id), found.stream().map(o -> o.id).toList());
        assertEquals(fixture.org.url() + "/lightning/r/Account/" + id + "/view", found.get(0).url);
        assertEquals(0, fixture.org.count("unauthorized"));
    }

    @Test
    void repeatedLookupsAreServedFromTheCacheUntilItExpires() throws Exception {
        fixture.org.addContact("Jane Doe", "555-123-4567");
        SalesforceConnector sf = fixture.start();

        sf.screenPop(SampleCalls.call("+15551234567"));
        sf.screenPop(SampleCalls.call("+15551234567"));
        assertEquals(1, fixture.org.count("search"));

        fixture.clock.advance(Duration.ofSeconds(61));
        sf.screenPop(SampleCalls.call("+15551234567"));
        assertEquals(2, fixture.org.count("search"));
    }

    @Test
    void noMatchIsNotCachedSoANewContactIsFoundNextTime() throws Exception {
        SalesforceConnector sf = fixture.start();
        assertEquals(ScreenPopResult.Match.NONE, sf.screenPop(SampleCalls.call("+15551234567")).match());

        fixture.org.addContact("Jane Doe", "555-123-4567");

        assertEquals(ScreenPopResult.Match.ONE, sf.screenPop(SampleCalls.call("+15551234567")).match());
    }

    @Test
    void aRecordTheAgentLinkedIsPoppedBeforeTheSearchIndexHasIt() throws Exception {
        String id = fixture.org.addUnindexed("Contact", Map.of("Name", "New Contact", "Phone", "555-123-4567"));
        SalesforceConnector sf = fixture.start();
        Interaction call = SampleCalls.interaction("i-1");
        call.callerNumber = "+15551234567";
        call.selectedName = new CrmObject(id, "Contact", "New Contact", true, false);
        assertTrue(sf.saveInteractionLog(new InteractionLog(call, null)).isOk());

        ScreenPopResult result = sf.screenPop(SampleCalls.call("+15551234567"));

        assertEquals(List.of(id), result.matches.stream().map(m -> m.id).toList());
        assertEquals(fixture.org.url() + "/lightning/r/Contact/" + id + "/view", result.pop.url);
        assertEquals(0, fixture.org.count("search"));
    }
}
