package org.crmconnector.crm.genericrest.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class JsonBodyTemplateTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void fillsStringsAndKeepsStructure() throws Exception {
        JsonBodyTemplate t = new JsonBodyTemplate(
                "{\"call\":{\"from\":\"{ani}\",\"text\":\"Call from {ani}\"},\"tags\":[\"{channel}\",\"x\"],\"n\":1}",
                Variables.INTERACTION);
        JsonNode out = MAPPER.readTree(t.render(new Values().put("ani", "+4711").put("channel", "voice")));
        assertEquals("+4711", out.at("/call/from").textValue());
        assertEquals("Call from +4711", out.at("/call/text").textValue());
        assertEquals("voice", out.at("/tags/0").textValue());
        assertEquals(1, out.at("/n").intValue());
        assertEquals(Set.of("ani", "channel"), t.variables());
        assertEquals("application/json", t.contentType());
    }

    @Test
    void soleNumberOrBooleanVariableKeepsItsType() throws Exception {
        JsonBodyTemplate t = new JsonBodyTemplate(
                "{\"s\":\"{durationSeconds}\",\"t\":\"{transfer}\",\"p\":\"{priority}\",\"e\":\"{engagement.balance}\","
                        + "\"txt\":\"{durationSeconds} s\",\"c\":\"{cav.x}\"}",
                Variables.INTERACTION);
        JsonNode out = MAPPER.readTree(t.render(new Values().put("durationSeconds", 42L).put("transfer", true)
                .putIn("engagement", "balance", 12.5).putIn("cav", "x", "7")));
        assertTrue(out.at("/s").isNumber());
        assertEquals(42, out.at("/s").intValue());
        assertTrue(out.at("/t").booleanValue());
        assertTrue(out.at("/p").isNull(), "a missing number is null");
        assertEquals(12.5, out.at("/e").doubleValue());
        assertEquals("42 s", out.at("/txt").textValue());
        assertEquals("7", out.at("/c").textValue(), "CAVs are text");
    }

    @Test
    void valuesCannotBreakOutOfTheirString() throws Exception {
        String attack = "x\",\"admin\":true,\"y\":{\"z\":\"}\n\\";
        JsonBodyTemplate t = new JsonBodyTemplate("{\"notes\":\"{notes}\",\"ok\":false}", Variables.INTERACTION);
        JsonNode out = MAPPER.readTree(t.render(new Values().put("notes", attack)));
        assertEquals(2, out.size());
        assertEquals(attack, out.get("notes").textValue());
        assertTrue(out.get("admin") == null);
    }

    @Test
    void optionalMembersAreLeftOutWhenAVariableIsEmpty() throws Exception {
        JsonBodyTemplate t = new JsonBodyTemplate(
                "{\"subject\":\"{subject}\",\"associations?\":[{\"to\":{\"id\":\"{nameId}\"}}],\"who?\":\"{nameId}\"}",
                Variables.INTERACTION);
        JsonNode without = MAPPER.readTree(t.render(new Values().put("subject", "s")));
        assertEquals(1, without.size());
        JsonNode with = MAPPER.readTree(t.render(new Values().put("subject", "s").put("nameId", "c1")));
        assertEquals("c1", with.at("/associations/0/to/id").textValue());
        assertEquals("c1", with.get("who").textValue());
        assertThrows(IllegalArgumentException.class, () -> new JsonBodyTemplate("{\"?\":1}", Variables.INTERACTION));
    }

    @Test
    void invalidJsonIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new JsonBodyTemplate("{\"a\": {durationSeconds}}", Variables.INTERACTION));
        assertTrue(e.getMessage().startsWith("not valid JSON"), e.getMessage());
    }

    @Test
    void unknownVariableInsideJsonIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new JsonBodyTemplate("{\"a\":[\"{nope}\"]}", Variables.INTERACTION));
        assertTrue(e.getMessage().contains("{nope}"), e.getMessage());
    }

    @Test
    void variablesInKeysAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new JsonBodyTemplate("{\"{ani}\":1}", Variables.INTERACTION));
    }

    @Test
    void formBodyEncodesValues() {
        FormBodyTemplate t = new FormBodyTemplate("caller={ani}&note={notes}", Variables.INTERACTION);
        assertEquals("caller=%2B47&note=a%26b%3Dc+d", t.render(new Values().put("ani", "+47").put("notes", "a&b=c d")));
        assertEquals("application/x-www-form-urlencoded", t.contentType());
    }
}
