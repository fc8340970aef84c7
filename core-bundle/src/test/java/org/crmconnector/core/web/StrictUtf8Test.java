package org.crmconnector.core.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

class StrictUtf8Test {

    @Test
    void acceptsWhatUnicodeCallsWellFormed() {
        assertTrue(StrictUtf8.isWellFormed("{\"notes\":\"Grüße ✓ 𝄞\"}".getBytes(StandardCharsets.UTF_8)));
        assertTrue(StrictUtf8.isWellFormed(new byte[0]));
        assertTrue(StrictUtf8.isWellFormed(bytes(0xF4, 0x8F, 0xBF, 0xBF))); // U+10FFFF
        assertTrue(StrictUtf8.isWellFormed(bytes(0xEE, 0x80, 0x80))); // U+E000, just past the surrogates
    }

    @Test
    void refusesOverlongsSurrogatesTooLargeAndTruncated() {
        assertFalse(StrictUtf8.isWellFormed(bytes(0xC0, 0xAF)), "overlong '/'");
        assertFalse(StrictUtf8.isWellFormed(bytes(0xE0, 0x80, 0xAF)), "overlong '/' in three bytes");
        assertFalse(StrictUtf8.isWellFormed(bytes(0xF0, 0x80, 0x80, 0xAF)), "overlong '/' in four bytes");
        assertFalse(StrictUtf8.isWellFormed(bytes(0xED, 0xA0, 0x80)), "a surrogate");
        assertFalse(StrictUtf8.isWellFormed(bytes(0xF4, 0x90, 0x80, 0x80)), "past U+10FFFF");
        assertFalse(StrictUtf8.isWellFormed(bytes('a', 0xE2, 0x9C)), "cut short");
        assertFalse(StrictUtf8.isWellFormed(bytes(0x80)), "a lone continuation byte");
        assertFalse(StrictUtf8.isWellFormed(bytes(0xFF)), "never in UTF-8");
    }

    /** The JDK's strict decoder is the reference: both must agree on every input, valid or not. */
    @Test
    void agreesWithTheJdkDecoderOnRandomInput() {
        Random random = new Random(20261206);
        for (int round = 0; round < 200_000; round++) {
            byte[] b = new byte[1 + random.nextInt(6)];
            for (int i = 0; i < b.length; i++) {
                // mostly the bytes that start or continue multi-byte sequences, where the rules are
                b[i] = (byte) (random.nextInt(4) == 0 ? random.nextInt(0x80) : 0x80 + random.nextInt(0x80));
            }
            assertEquals(jdkAccepts(b), StrictUtf8.isWellFormed(b), () -> hex(b));
        }
    }

    private static boolean jdkAccepts(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02X ", x & 0xFF));
        }
        return sb.toString();
    }
}
