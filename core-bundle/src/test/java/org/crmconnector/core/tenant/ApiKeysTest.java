package org.crmconnector.core.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ApiKeysTest {

    static final String ABC = "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @Test
    void hashIsPrefixedLowercaseSha256() {
        assertEquals(ABC, ApiKeys.hash("abc"));
        assertEquals("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", ApiKeys.hash(""));
        assertTrue(ApiKeys.isHash(ApiKeys.hash("any key at all")));
    }

    @Test
    void hashUsesUtf8() {
        // sha256 of the UTF-8 bytes of "\u00e4" (c3 a4)
        assertEquals(ApiKeys.hash(new String(new byte[] {(byte) 0xc3, (byte) 0xa4}, java.nio.charset.StandardCharsets.UTF_8)),
                ApiKeys.hash("\u00e4"));
        assertFalse(ApiKeys.hash("\u00e4").equals(ApiKeys.hash("a")));
    }

    @Test
    void isHashAcceptsBothCases() {
        assertTrue(ApiKeys.isHash(ABC));
        assertTrue(ApiKeys.isHash("sha256:" + ABC.substring(7).toUpperCase()));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "sha256:", "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            "SHA256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a",
            "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad0",
            "sha256:ga7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            "sha256: a7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            "md5:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"})
    void isHashRejectsMalformed(String value) {
        assertFalse(ApiKeys.isHash(value));
    }

    /**
     * {@link Character#digit(char, int)} also accepts non-ASCII digits and
     * fullwidth letters; such a "hash" can never match a key, so it must be
     * refused as malformed rather than silently accepted.
     */
    @ParameterizedTest
    @ValueSource(strings = {"\u0663", "\uFF21", "\uFF11"})
    void isHashRejectsNonAsciiHexLookalikes(String digit) {
        assertFalse(ApiKeys.isHash("sha256:" + digit.repeat(64)));
        assertFalse(ApiKeys.isHash("sha256:" + ABC.substring(7, 70) + digit));
    }

    @Test
    void matchesOnlyTheRightKey() {
        List<String> hashes = List.of(ApiKeys.hash("k1"), ApiKeys.hash("k2"));
        assertTrue(ApiKeys.matches("k1", hashes));
        assertTrue(ApiKeys.matches("k2", hashes));
        assertFalse(ApiKeys.matches("k3", hashes));
        assertFalse(ApiKeys.matches("K1", hashes), "keys are case-sensitive");
        assertFalse(ApiKeys.matches("k1 ", hashes));
        assertFalse(ApiKeys.matches(hashes.get(0), hashes), "the hash itself is not a key");
    }

    @Test
    void matchesIgnoresCaseOfStoredHash() {
        assertTrue(ApiKeys.matches("abc", List.of("sha256:" + ABC.substring(7).toUpperCase())));
    }

    @Test
    void emptyOrNullKeyNeverMatches() {
        List<String> hashes = List.of(ApiKeys.hash(""));
        assertFalse(ApiKeys.matches("", hashes), "even when someone stored the hash of the empty key");
        assertFalse(ApiKeys.matches(null, hashes));
        assertFalse(ApiKeys.matches("abc", List.of()));
    }

    @Test
    void aStoredValueThatIsNoHashMatchesNothingAndBreaksNothing() {
        assertTrue(ApiKeys.matches("abc", List.of("not-a-hash", "sha256:zz", ABC)));
        assertFalse(ApiKeys.matches("not-a-hash", List.of("not-a-hash")));
    }

    @Test
    void theDigestsFormAnswersAsTheHashesDo() {
        List<byte[]> digests = List.of(ApiKeys.digestOf(ApiKeys.hash("k1")), ApiKeys.digestOf(ABC));
        assertTrue(ApiKeys.matchesDigest("k1", digests));
        assertTrue(ApiKeys.matchesDigest("abc", digests));
        assertFalse(ApiKeys.matchesDigest("k2", digests));
        assertFalse(ApiKeys.matchesDigest("", List.of(ApiKeys.digestOf(ApiKeys.hash("")))));
        // the per-thread digest starts clean each time: the same key twice gives the same answer
        assertTrue(ApiKeys.matchesDigest("k1", digests));
    }
}
