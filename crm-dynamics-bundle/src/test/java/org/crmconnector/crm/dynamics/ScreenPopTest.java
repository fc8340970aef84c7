package org.crmconnector.crm.dynamics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.crmconnector.crm.ScreenPopResult;
import org.crmconnector.crm.SearchRequest;
import org.crmconnector.interaction.CrmObject;
import org.crmconnector.testing.adapter.SampleCalls;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Caller lookup in contacts, accounts and leads, and the pop it leads to. */
class ScreenPopTest {

    @AutoClose
    private final DynamicsFixture fixture = new DynamicsFixture();

    @Test
    void oneMatchPopsItsRecordInTheUnifiedInterfaceWithOneRoundTrip() throws Exception {
        String ada = fixture.environment.add("contacts", Map.of("fullname", "Ada Lovelace", "mobilephone", "(555) 123-4567"));
        fixture.environment.addContact("Someone Else", "555-999-4567");
        DynamicsConnector dynamics = fixture.start(fixture.config().and("pop.appId", "app-1"));

        ScreenPopResult result = dynamics.screenPop(SampleCalls.call("+1 555 123 4567"));

        assertEquals(ScreenPopResult.Match.ONE, result.match());
        CrmObject match = result.matches.get(0);
        assertEquals(ada, match.id);
        assertEquals("contact", match.label);
        assertEquals("Ada Lovelace", match.name);
        assertTrue(match.isWho);
        String url = fixture.environment.url() + "/main.aspx?appid=app-1&etn=contact&id=" + ada + "&pagetype=entityrecord";
        assertEquals(url, match.url);
        assertEquals(url, result.pop.url);
        assertEquals(1, fixture.environment.count("batch"), "three tables, one $batch");
        assertEquals(3, fixture.environment.count("query"));
    }

    @Test
    void severalMatchesAreOfferedAndAConvertedLeadIsNotAmongThem() throws Exception {
        fixture.environment.addContact("Ada Lovelace", "555-123-4567");
        String account = fixture.environment.add("accounts", Map.of("name", "Analytical Engines", "telephone2", "+1-555-123-4567"));
        fixture.environment.add("leads", Map.of("fullname", "Old Lead", "telephone1", "5551234567", "statecode", 1));
        DynamicsConnector dynamics = fixture.start();

        ScreenPopResult result = dynamics.screenPop(SampleCalls.call("+15551234567"));

        assertEquals(ScreenPopResult.Match.MANY, result.match());
        assertEquals(2, result.matches.size());
        assertEquals(account, result.matches.get(1).id);
        assertTrue(result.matches.get(1).isWhat);
        assertTrue(result.offerAsOptions);
        assertNull(result.pop);
    }

    @Test
    void noMatchPopsANewContactWithTheNumber() throws Exception {
        DynamicsConnector dynamics = fixture.start(fixture.config().and("search.entities", List.of("contact: telephone1")));

        ScreenPopResult result = dynamics.screenPop(SampleCalls.call("+1 555 000 9999"));

        assertEquals(ScreenPopResult.Match.NONE, result.match());
        assertEquals(fixture.environment.url() + "/main.aspx?etn=contact&pagetype=entityrecord&extraqs=telephone1%3D%2B1%20555%20000%209999",
                result.pop.url);
        assertEquals(0, fixture.environment.count("batch"), "one table: a plain GET");
    }

    @Test
    void aManualSearchFindsRecordsByName() throws Exception {
        String ada = fixture.environment.addContact("Ada O'Lovelace", "555-123-4567");
        fixture.environment.add("accounts", Map.of("name", "Babbage & Co"));
        DynamicsConnector dynamics = fixture.start();

        List<CrmObject> found = dynamics.search(new SearchRequest("t1", "o'love", 10));

        assertEquals(1, found.size());
        assertEquals(ada, found.get(0).id);
    }
}
