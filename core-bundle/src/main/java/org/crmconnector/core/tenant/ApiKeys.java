package org.crmconnector.core.tenant;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * API keys are stored only as SHA-256 hashes. Keys are long random tokens, so
 * an unsalted fast hash is enough (as for GitHub tokens); comparison runs in
 * constant time so a timing probe learns nothing.
 */
public final class ApiKeys {

    public static final String PREFIX = "sha256:";

    private ApiKeys() {
    }

    /** One digest per thread: getInstance on every request was a measurable part of authenticating it. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    });

    public static String hash(String key) {
        return PREFIX + HexFormat.of().formatHex(digest(key));
    }

    /** The raw SHA-256 of {@code key}. */
    public static byte[] digest(String key) {
        return SHA_256.get().digest(key.getBytes(StandardCharsets.UTF_8));
    }

    /** The raw digest a valid {@link #isHash hash} names, for {@link #matchesDigest}. */
    public static byte[] digestOf(String hash) {
        return HexFormat.of().parseHex(hash, PREFIX.length(), hash.length());
    }

    public static boolean isHash(String value) {
        return value != null && value.startsWith(PREFIX) && value.length() == PREFIX.length() + 64
                && value.substring(PREFIX.length()).chars()
                        .allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F');
    }

    /** Whether {@code key} hashes to one of {@code hashes}. */
    public static boolean matches(String key, Iterable<String> hashes) {
        return matchesDigest(key, digestsOf(hashes));
    }

    /** The raw digests of the valid hashes among {@code hashes}, decoded once for {@link #matchesDigest}. */
    public static List<byte[]> digestsOf(Iterable<String> hashes) {
        List<byte[]> digests = new ArrayList<>();
        for (String h : hashes) {
            if (isHash(h)) {
                digests.add(digestOf(h.toLowerCase()));
            }
        }
        return List.copyOf(digests);
    }

    /**
     * Whether {@code key} hashes to one of {@code digests} (from
     * {@link #digestOf}); every digest is compared, in constant time, so the
     * answer takes as long whichever matched, or none.
     */
    public static boolean matchesDigest(String key, List<byte[]> digests) {
        if (key == null || key.isEmpty()) {
            return false;
        }
        byte[] candidate = digest(key);
        boolean found = false;
        for (byte[] d : digests) {
            found |= MessageDigest.isEqual(candidate, d);
        }
        return found;
    }
}
