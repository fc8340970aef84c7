package org.crmconnector.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import org.crmconnector.core.refusal.Refusal;
import org.crmconnector.softphone.CallEnded;
import org.junit.jupiter.api.Test;

class JsonTest {

    private final Json json = new Json();

    private Refusal refuse(String body) {
        return refuse(body.getBytes(StandardCharsets.UTF_8));
    }

    private Refusal refuse(byte[] body) {
        return assertThrows(Refusal.class, () -> json.read(new ByteArrayInputStream(body), CallEnded.class));
    }

    @Test
    void readsTheSeedFields() {
        CallEnded e = json.read(new ByteArrayInputStream(
                "{\"partnerId\":\"p\",\"conversationId\":\"c\",\"duration\":42,\"disposition\":\"d\",\"notes\":\"n\",\"callType\":\"inbound\"}"
                        .getBytes(StandardCharsets.UTF_8)), CallEnded.class);
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
}
