package org.crmconnector.core.tenant;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * API keys are stored only as SHA-256 hashes. Keys are long random tokens, so
 * an unsalted fast hash is enough (as for GitHub tokens); comparison runs in
 * constant time so a timing probe learns nothing.
 */
public final class ApiKeys {

    public static final String PREFIX = "sha256:";

    private ApiKeys() {
    }

    public static String hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return PREFIX + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }

    public static boolean isHash(String value) {
        return value != null && value.startsWith(PREFIX) && value.length() == PREFIX.length() + 64
                && value.substring(PREFIX.length()).chars()
                        .allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F');
    }

    /** Whether {@code key} hashes to one of {@code hashes}. */
    public static boolean matches(String key, Iterable<String> hashes) {
        if (key == null || key.isEmpty()) {
            return false;
        }
        byte[] candidate = hash(key).getBytes(StandardCharsets.US_ASCII);
        boolean found = false;
        for (String h : hashes) {
            found |= MessageDigest.isEqual(candidate, h.toLowerCase().getBytes(StandardCharsets.US_ASCII));
        }
        return found;
    }
}
