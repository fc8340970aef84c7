package org.crmconnector.core.streamtoken;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

import org.crmconnector.testing.ComponentConfig;
import org.crmconnector.testing.MutableClock;
import org.junit.jupiter.api.Test;

class StreamTokensTest {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T00:00:00Z"));
    private final StreamTokens tokens = new StreamTokens(SECRET, Duration.ofMinutes(5), clock);

    @Test
    void aTokenOpensItsOwnAgentsStreamsUntilItExpires() {
        IssuedToken issued = tokens.issue("acme", "agent-1");
        assertEquals(Instant.parse("2026-12-06T00:05:00Z"), issued.expiresAt());
        assertEquals(Optional.empty(), tokens.refusal(issued.token(), "acme", "agent-1"));
        clock.advance(Duration.ofSeconds(299));
        assertEquals(Optional.empty(), tokens.refusal(issued.token(), "acme", "agent-1"));
        clock.advance(Duration.ofSeconds(1));
        assertTrue(tokens.refusal(issued.token(), "acme", "agent-1").orElseThrow().contains("expired"));
    }

    @Test
    void aTokenIsRefusedForAnotherAgent() {
        String token = tokens.issue("acme", "agent-1").token();
        assertTrue(tokens.refusal(token, "acme", "agent-2").orElseThrow().contains("another"));
        // an id that merely starts like the token's is another agent too
        assertTrue(tokens.refusal(token, "acme", "agent-10").isPresent());
    }

    @Test
    void aTokenIsRefusedForAnotherTenant() {
        String token = tokens.issue("acme", "agent-1").token();
        assertTrue(tokens.refusal(token, "globex", "agent-1").orElseThrow().contains("another"));
    }

    @Test
    void aTamperedTokenIsRefused() {
        String token = tokens.issue("acme", "agent-1").token();
        int dot = token.indexOf('.');
        String claims = new String(Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8);
        // the same MAC on claims naming another agent, and on claims with a later expiry
        for (String forged : new String[] {claims.replace("agent-1", "agent-2"),
                claims.substring(0, claims.lastIndexOf('\n') + 1) + "4102444800"}) {
            String t = Base64.getUrlEncoder().withoutPadding().encodeToString(forged.getBytes(StandardCharsets.UTF_8))
                    + token.substring(dot);
            assertTrue(tokens.refusal(t, "acme", "agent-2").isPresent(), forged);
            assertTrue(tokens.refusal(t, "acme", "agent-1").isPresent(), forged);
        }
        // one changed character in the middle of the MAC
        int i = dot + 10;
        String flipped = token.substring(0, i) + (token.charAt(i) == 'A' ? 'B' : 'A') + token.substring(i + 1);
        assertTrue(tokens.refusal(flipped, "acme", "agent-1").orElseThrow().contains("not a valid stream token"));
    }

    @Test
    void aTokenHasOneSpelling() {
        String token = tokens.issue("acme", "agent-1").token();
        // 32 bytes of MAC leave two unused bits in the last character; another value there decodes alike
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int last = alphabet.indexOf(token.charAt(token.length() - 1));
        String respelled = token.substring(0, token.length() - 1) + alphabet.charAt(last ^ 1);
        assertTrue(tokens.refusal(respelled, "acme", "agent-1").isPresent());
    }

    @Test
    void aTokenSignedWithAnotherSecretIsRefused() {
        byte[] other = Arrays.copyOf(SECRET, SECRET.length);
        other[0] ^= 1;
        String token = new StreamTokens(other, Duration.ofMinutes(5), clock).issue("acme", "agent-1").token();
        assertTrue(tokens.refusal(token, "acme", "agent-1").isPresent());
    }

    @Test
    void theTenantKeyAndJunkAreNoTokens() {
        for (String junk : new String[] {"demo-key", "", ".", "a.b.c", "!!!.???", "x".repeat(5000), null}) {
            assertTrue(tokens.refusal(junk, "acme", "agent-1").orElseThrow().contains("never the tenant's API key"),
                    String.valueOf(junk));
        }
    }

    @Test
    void aConfiguredSecretIsSharedByNodesAndAnEmptyOneIsPerNode() {
        String secret = Base64.getEncoder().encodeToString(SECRET);
        StreamTokens nodeA = new StreamTokens(ComponentConfig.of(StreamTokenConfig.class, "_secret", secret));
        StreamTokens nodeB = new StreamTokens(ComponentConfig.of(StreamTokenConfig.class, "_secret", secret));
        assertEquals(Optional.empty(), nodeB.refusal(nodeA.issue("acme", "a").token(), "acme", "a"));
        StreamTokens ownA = new StreamTokens(ComponentConfig.of(StreamTokenConfig.class));
        StreamTokens ownB = new StreamTokens(ComponentConfig.of(StreamTokenConfig.class));
        assertTrue(ownB.refusal(ownA.issue("acme", "a").token(), "acme", "a").isPresent());
    }

    @Test
    void weakSecretsAndOddLifetimesAreRefusedOnSave() {
        String shortSecret = Base64.getEncoder().encodeToString(new byte[16]);
        assertThrows(IllegalArgumentException.class,
                () -> new StreamTokens(ComponentConfig.of(StreamTokenConfig.class, "_secret", shortSecret)));
        IllegalArgumentException notBase64 = assertThrows(IllegalArgumentException.class,
                () -> new StreamTokens(ComponentConfig.of(StreamTokenConfig.class, "_secret", "not base64 %%%")));
        assertTrue(!notBase64.getMessage().contains("%%%"), "the secret is never echoed");
        assertThrows(IllegalArgumentException.class,
                () -> new StreamTokens(ComponentConfig.of(StreamTokenConfig.class, "ttl_seconds", 5)));
        assertThrows(IllegalArgumentException.class,
                () -> new StreamTokens(ComponentConfig.of(StreamTokenConfig.class, "ttl_seconds", 7200)));
    }
}
