package org.crmconnector.core.web;

/**
 * Whether bytes are well-formed UTF-8 (Unicode 15, table 3-7): no overlong
 * forms, no surrogates, nothing past U+10FFFF, no truncated sequence. What
 * a {@code CharsetDecoder} set to report errors accepts, without decoding
 * into a buffer first: a request body is checked once and then parsed, and
 * most bodies are ASCII, which this runs through in one loop.
 */
final class StrictUtf8 {

    private StrictUtf8() {
    }

    static boolean isWellFormed(byte[] bytes) {
        int i = 0;
        int n = bytes.length;
        while (i < n) {
            int lead = bytes[i];
            if (lead >= 0) {
                i++;
                continue;
            }
            lead &= 0xFF;
            int trailing;
            // the second byte's range narrows for some leads: that is what rules out overlongs and surrogates
            int low = 0x80;
            int high = 0xBF;
            if (lead >= 0xC2 && lead <= 0xDF) {
                trailing = 1;
            } else if (lead >= 0xE0 && lead <= 0xEF) {
                trailing = 2;
                if (lead == 0xE0) {
                    low = 0xA0;
                } else if (lead == 0xED) {
                    high = 0x9F;
                }
            } else if (lead >= 0xF0 && lead <= 0xF4) {
                trailing = 3;
                if (lead == 0xF0) {
                    low = 0x90;
                } else if (lead == 0xF4) {
                    high = 0x8F;
                }
            } else {
                return false;
            }
            if (i + trailing >= n) {
                return false;
            }
            int second = bytes[i + 1] & 0xFF;
            if (second < low || second > high) {
                return false;
            }
            for (int k = 2; k <= trailing; k++) {
                int b = bytes[i + k] & 0xFF;
                if (b < 0x80 || b > 0xBF) {
                    return false;
                }
            }
            i += trailing + 1;
        }
        return true;
    }
}
