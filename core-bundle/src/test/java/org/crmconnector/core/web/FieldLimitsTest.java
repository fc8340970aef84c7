package org.crmconnector.core.web;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.crmconnector.core.channels.ChannelEvent;
import org.crmconnector.interaction.Cav;
import org.crmconnector.softphone.CallEnded;
import org.crmconnector.softphone.StatusChanged;
import org.junit.jupiter.api.Test;

class FieldLimitsTest {

    @Test
    void idsAndNamesAreShortFreeTextMayBeLong() {
        StatusChanged status = new StatusChanged();
        status.softphoneId = "i".repeat(FieldLimits.MAX_SHORT + 1);
        ApiException e = assertThrows(ApiException.class, () -> FieldLimits.check(status));
        assertTrue(e.getMessage().contains("softphoneId"), e.getMessage());

        CallEnded ended = new CallEnded();
        ended.conversationId = "c-1";
        ended.notes = "n".repeat(FieldLimits.MAX_TEXT);
        assertDoesNotThrow(() -> FieldLimits.check(ended));
        ended.notes = "n".repeat(FieldLimits.MAX_TEXT + 1);
        assertEquals("INVALID_FIELD", assertThrows(ApiException.class, () -> FieldLimits.check(ended)).code());
    }

    @Test
    void nestedListsAreCheckedToo() {
        ChannelEvent e = new ChannelEvent();
        e.interactionId = "i-1";
        e.cavs.add(new Cav("x".repeat(2000), "n", "g", "v"));
        ApiException refused = assertThrows(ApiException.class, () -> FieldLimits.check(e));
        assertTrue(refused.getMessage().contains("cavs[0].id"), refused.getMessage());
    }

    @Test
    void onlyStrictUtf8Passes() {
        assertDoesNotThrow(() -> ApiRequest.checkUtf8("{\"notes\":\"Grüße ✓\"}".getBytes(StandardCharsets.UTF_8)));
        // overlong '/' and a stray 0xFF: both decoded leniently by some parsers
        assertEquals("INVALID_JSON", assertThrows(ApiException.class,
                () -> ApiRequest.checkUtf8(new byte[] {'"', (byte) 0xC0, (byte) 0xAF, '"'})).code());
        assertEquals("INVALID_JSON", assertThrows(ApiException.class,
                () -> ApiRequest.checkUtf8(new byte[] {'{', '"', 'a', (byte) 0xFF, '"', '}'})).code());
    }
}
