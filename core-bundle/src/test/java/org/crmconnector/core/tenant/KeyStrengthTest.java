package org.crmconnector.core.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyStrengthTest {

    @Test
    void randomKeysOf128BitsPass() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        assertEquals(Optional.empty(), KeyStrength.weakness(HexFormat.of().formatHex(bytes)), "32 hex digits");
        assertEquals(Optional.empty(), KeyStrength.weakness(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes)),
                "22 base64url characters");
        assertEquals(Optional.empty(), KeyStrength.weakness("aB3$eF6&hI9*kL2@nO5!"), "20 printable characters of any kind");
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo-key", "", "0123456789abcdef0123456789abcde", "abcdefghijklmnopqrstu", "aB3$eF6&hI9*kL2@nO5"})
    void shorterKeysAreRefusedSayingHowToMakeOne(String key) {
        String why = KeyStrength.weakness(key).orElseThrow();
        assertTrue(why.contains("128 bits") && why.contains("openssl rand"), why);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a key with spaces in it, long enough", "\u00fcber-0123456789abcdef-0123", "tab\there-0123456789abcdef"})
    void keysOutsidePrintableAsciiAreRefused(String key) {
        assertTrue(KeyStrength.weakness(key).orElseThrow().contains("printable ASCII"));
    }
}
