package org.crmconnector.crm.genericrest.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Set;

import org.junit.jupiter.api.Test;

class TemplateTest {

    private final Values values = new Values().put("ani", "+47 22 & 33").put("agentId", "ag-1")
            .put("startTime", Instant.parse("2026-01-31T09:15:00Z")).putIn("cav", "account no", "A/1");

    @Test
    void rendersVariablesAndKeepsLiteralText() {
        Template t = Template.parse("caller {ani} for {agentId}", Variables.INTERACTION);
        assertEquals("caller +47 22 & 33 for ag-1", t.render(values, Encoding.TEXT));
        assertEquals(Set.of("ani", "agentId"), t.variables());
    }

    @Test
    void instantsAreIso8601Utc() {
        assertEquals("2026-01-31T09:15:00Z",
                Template.parse("{startTime}", Variables.INTERACTION).render(values, Encoding.TEXT));
    }

    @Test
    void missingValuesAreEmpty() {
        assertEquals("[]", Template.parse("[{ucid}]", Variables.INTERACTION).render(values, Encoding.TEXT));
    }

    @Test
    void namespacedNamesMayHoldSpacesAndDots() {
        assertEquals("A/1", Template.parse("{cav.account no}", Variables.INTERACTION).render(values, Encoding.TEXT));
    }

    @Test
    void braceNotFollowedByLetterIsLiteralAndDoubleBraceEscapes() {
        Template t = Template.parse("{\"a\":1} {{ani} {}", Variables.INTERACTION);
        assertTrue(t.variables().isEmpty());
        assertEquals("{\"a\":1} {ani} {}", t.render(values, Encoding.TEXT));
    }

    @Test
    void soleVariableAndLeadingLiteral() {
        assertEquals("ani", Template.parse("{ani}", Variables.INTERACTION).soleVariable());
        assertNull(Template.parse("x{ani}", Variables.INTERACTION).soleVariable());
        assertEquals("https://h/", Template.parse("https://h/{ani}", Variables.INTERACTION).leadingLiteral());
    }

    @Test
    void caseFilters() {
        Values v = new Values().put("direction", "inbound").put("channel", "VOICE");
        assertEquals("INBOUND Inbound voice", Template.parse("{direction|upper} {direction|capitalize} {channel|lower}",
                Variables.INTERACTION).render(v, Encoding.TEXT));
        assertNull(Template.parse("{direction|upper}", Variables.INTERACTION).soleVariable());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Template.parse("{direction|reverse}", Variables.INTERACTION));
        assertTrue(e.getMessage().contains("unknown filter |reverse"), e.getMessage());
    }

    @Test
    void interactionFillsTheFixedSet() {
        org.crmconnector.interaction.Interaction in = new org.crmconnector.interaction.Interaction();
        in.tenantId = "acme";
        in.interactionId = "i";
        in.legId = 2;
        in.callerNumber = "+47";
        in.updatedOriginatingAddress = "0047";
        in.startTime = Instant.parse("2026-01-31T09:15:00.250Z");
        in.durationSeconds = 125L;
        in.workCodes.add("w1");
        in.workCodes.add("w2");
        in.cavs.add(new org.crmconnector.interaction.Cav("1", "acc", "crm", "A"));
        Values v = Variables.of(in, java.time.Clock.fixed(Instant.parse("2026-02-01T00:00:00Z"), java.time.ZoneOffset.UTC));
        assertEquals("0047", v.text("ani"), "the number after dialing rules");
        assertEquals("+47", v.text("callerNumber"));
        assertEquals("acme:i#2", v.text("key"), "the key is scoped by the tenant");
        assertEquals("voice", v.text("channel"));
        assertEquals("inbound", v.text("direction"));
        assertEquals("2026-01-31T09:15:00+00:00", v.text("startTimeOffset"));
        assertEquals("2026-01-31", v.text("startDate"));
        assertEquals(125000L, v.get("durationMillis"));
        assertEquals("02:05", v.text("durationMinSec"));
        assertEquals("w1,w2", v.text("workCodes"));
        assertEquals("A", v.text("cav.acc"));
        assertEquals("A", v.text("cav.crm.acc"));
        assertEquals("2026-02-01T00:00:00Z", v.text("now"));
    }

    @Test
    void unknownVariableIsRefusedWithItsName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Template.parse("x {anni}", Variables.INTERACTION));
        assertTrue(e.getMessage().contains("unknown variable {anni}"), e.getMessage());
    }

    @Test
    void unknownNamespaceIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Template.parse("{foo.bar}", Variables.INTERACTION));
    }

    @Test
    void unclosedBraceIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Template.parse("https://h/x?a={ani", Variables.INTERACTION));
        assertTrue(e.getMessage().contains("unclosed"), e.getMessage());
    }

    @Test
    void badNameIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Template.parse("{a-ni}", Variables.INTERACTION));
        assertThrows(IllegalArgumentException.class, () -> Template.parse("{cav.}", Variables.INTERACTION));
    }

    @Test
    void searchVariablesAreOnlyKnownInSearchTemplates() {
        Template.parse("{searchText}", Variables.SEARCH);
        assertThrows(IllegalArgumentException.class, () -> Template.parse("{searchText}", Variables.INTERACTION));
        assertThrows(IllegalArgumentException.class, () -> Template.parse("{ani}", Variables.SEARCH));
    }

    @Test
    void recordFieldsAreOnlyKnownInRecordUrlTemplates() {
        Template.parse("{record.email}", Variables.RECORD_URL);
        assertThrows(IllegalArgumentException.class, () -> Template.parse("{record.email}", Variables.POP));
    }
}
