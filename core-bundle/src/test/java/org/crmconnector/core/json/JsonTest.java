package org.crmconnector.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.crmconnector.core.refusal.Refusal;
import org.crmconnector.interaction.CrmObject;
import org.crmconnector.softphone.CallEnded;
import org.junit.jupiter.api.Test;

class JsonTest {

    private final Json json = new Json();

    private Refusal refuse(String body) {
        return refuse(body.getBytes(StandardCharsets.UTF_8));
    }

    private Refusal refuse(byte[] body) {
        return assertThrows(Refusal.class, () -> json.read(body, CallEnded.class));
    }

    @Test
    void readsTheSeedFields() {
        CallEnded e = json.read(utf8("{\"partnerId\":\"p\",\"conversationId\":\"c\",\"duration\":42,"
                + "\"disposition\":\"d\",\"notes\":\"n\",\"callType\":\"inbound\"}"), CallEnded.class);
        assertEquals(42L, e.duration);
        assertEquals("inbound", e.callType);
    }

    @Test
    void unknownFieldsAreNamed() {
        Refusal e = refuse("{\"conversationId\":\"c\",\"durration\":1}");
        assertEquals("UNKNOWN_FIELD", e.code());
        assertTrue(e.getMessage().contains("durration"));
    }

    @Test
    void wrongTypesNameTheFieldAndTheExpectedType() {
        Refusal e = refuse("{\"conversationId\":\"c\",\"duration\":\"long\"}");
        assertEquals("WRONG_TYPE", e.code());
        assertTrue(e.getMessage().contains("duration") && e.getMessage().contains("number"), e.getMessage());
        assertEquals("WRONG_TYPE", refuse("{\"duration\":1.5}").code());
        assertEquals("WRONG_TYPE", refuse("[1,2]").code());
    }

    @Test
    void noScalarIsCoercedIntoAString() {
        for (String value : new String[] {"true", "false", "42", "4.2", "-7"}) {
            Refusal e = refuse("{\"conversationId\":" + value + "}");
            assertEquals("WRONG_TYPE", e.code(), value);
            assertTrue(e.getMessage().contains("conversationId") && e.getMessage().contains("a string"), e.getMessage());
        }
    }

    @Test
    void noStringOrNumberIsCoercedIntoANumberOrABoolean() {
        assertEquals("WRONG_TYPE", refuse("{\"conversationId\":\"c\",\"duration\":\"42\"}").code());
        assertEquals("WRONG_TYPE", refuse("{\"conversationId\":\"c\",\"duration\":true}").code());
        Refusal flag = assertThrows(Refusal.class,
                () -> json.read(utf8("{\"id\":\"1\",\"isWho\":\"true\"}"), CrmObject.class));
        assertEquals("WRONG_TYPE", flag.code());
        Refusal number = assertThrows(Refusal.class,
                () -> json.read(utf8("{\"id\":\"1\",\"isWhat\":1}"), CrmObject.class));
        assertEquals("WRONG_TYPE", number.code());
    }

    /** A body with an enum field, as the lifecycle's own types have. */
    static final class WithKind {
        public Refusal.Kind kind;
    }

    @Test
    void anEnumIsNamedNeverNumbered() {
        Refusal e = assertThrows(Refusal.class, () -> json.read(utf8("{\"kind\":0}"), WithKind.class));
        assertEquals("WRONG_TYPE", e.code());
        assertEquals(Refusal.Kind.GONE, json.read(utf8("{\"kind\":\"gone\"}"), WithKind.class).kind);
    }

    @Test
    void malformedTruncatedTrailingAndNullBodiesAreRefused() {
        assertEquals("INVALID_JSON", refuse("{\"conversationId\":").code());
        assertEquals("INVALID_JSON", refuse("{} {}").code());
        assertEquals("INVALID_JSON", refuse("null").code());
        assertEquals("INVALID_JSON", refuse("").code());
        assertEquals("INVALID_JSON", refuse(new byte[] {'{', '"', 'n', 'o', 't', 'e', 's', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}).code());
    }

    @Test
    void deepNestingIsRefusedBeforeItCostsMuch() {
        String deep = "{\"notes\":" + "[".repeat(Json.MAX_NESTING + 5) + "]".repeat(Json.MAX_NESTING + 5) + "}";
        Refusal e = refuse(deep);
        assertTrue(e.kind() == Refusal.Kind.INVALID, e.getMessage());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
