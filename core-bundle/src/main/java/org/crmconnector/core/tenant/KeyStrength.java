package org.crmconnector.core.tenant;

import java.util.Optional;

/**
 * Whether an API key is long enough to stand up to guessing: at least 128
 * bits, estimated from its length and the smallest usual alphabet it is
 * written in (hex 4 bits a character, base64 6, any other printable ASCII
 * 6.5). So 32 hex digits or 22 base64url characters pass, {@code demo-key}
 * does not. Only an estimate: it cannot tell a random key from a long word,
 * which is why the message says how to make one.
 */
public final class KeyStrength {

    public static final int MIN_BITS = 128;
    static final String HOW_TO_MAKE_ONE = "make one with: openssl rand -base64 24 | tr '+/' '-_'";

    private KeyStrength() {
    }

    /** Estimated bits of a key, from its length and alphabet. */
    static double bits(String key) {
        if (key.chars().allMatch(KeyStrength::hex)) {
            return key.length() * 4.0;
        }
        if (key.chars().allMatch(KeyStrength::base64)) {
            return key.length() * 6.0;
        }
        return key.length() * 6.5;
    }

    /** Why {@code key} is too weak for a tenant, or empty when it is strong enough. */
    public static Optional<String> weakness(String key) {
        if (key.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            return Optional.of("API keys are printable ASCII without spaces; " + HOW_TO_MAKE_ONE);
        }
        if (bits(key) < MIN_BITS) {
            return Optional.of("the API key is too weak: at least " + MIN_BITS + " bits are required (22 or more random "
                    + "base64url characters, or 32 hex digits); " + HOW_TO_MAKE_ONE);
        }
        return Optional.empty();
    }

    private static boolean hex(int c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    private static boolean base64(int c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '_' || c == '+'
                || c == '/' || c == '=';
    }
}
