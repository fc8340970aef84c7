package org.crmconnector.core.streamtoken;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Writes a {@link StreamToken} as {@code base64url(claims).base64url(HMAC-SHA256(claims))}
 * and reads one back only when its MAC is right. The claims are plain text
 * (version, tenant, agent, expiry on lines of their own): nothing in them is
 * secret, they only must not change. Ids cannot hold a line break, so no
 * claim can spill into the next.
 */
final class SignedTokenCodec {

    /** Far above any real token (ids are at most 64 and 128 characters); stops work on junk early. */
    static final int MAX_LENGTH = 600;
    private static final String VERSION = "crm-stream-token-1";
    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;

    SignedTokenCodec(byte[] secret) {
        this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
    }

    String encode(StreamToken token) {
        byte[] claims = String.join("\n", VERSION, token.tenantId(), token.agentId(),
                Long.toString(token.expiresAt().getEpochSecond())).getBytes(StandardCharsets.UTF_8);
        return ENCODER.encodeToString(claims) + "." + ENCODER.encodeToString(mac(claims));
    }

    /** The token's claims, or empty when it is malformed or its MAC does not match (tampered, or another secret). */
    Optional<StreamToken> decode(String text) {
        if (text == null || text.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        int dot = text.indexOf('.');
        if (dot < 0 || text.indexOf('.', dot + 1) >= 0) {
            return Optional.empty();
        }
        byte[] claims;
        byte[] mac;
        try {
            claims = DECODER.decode(text.substring(0, dot));
            mac = DECODER.decode(text.substring(dot + 1));
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        // the decoder ignores unused low bits of the last character: one token, one spelling
        if (!text.equals(ENCODER.encodeToString(claims) + "." + ENCODER.encodeToString(mac))) {
            return Optional.empty();
        }
        // constant time: a timing probe must not learn the MAC byte by byte
        if (!MessageDigest.isEqual(mac, mac(claims))) {
            return Optional.empty();
        }
        String[] parts = new String(claims, StandardCharsets.UTF_8).split("\n", -1);
        if (parts.length != 4 || !parts[0].equals(VERSION)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new StreamToken(parts[1], parts[2], Instant.ofEpochSecond(Long.parseLong(parts[3]))));
        } catch (RuntimeException badExpiry) {
            return Optional.empty();
        }
    }

    private byte[] mac(byte[] claims) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(claims);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java runtime", e);
        }
    }
}
