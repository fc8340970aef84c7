package org.crmconnector.crm.genericrest.template;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * How a variable's value is written where the template puts it. Each encoding
 * makes sure a value, whatever it contains, stays one value: it can end
 * neither a URL component, nor a form field, nor a header line.
 */
public enum Encoding {

    /**
     * Percent-encoding of everything but RFC 3986 unreserved characters, so
     * {@code / ? & = # %} in a value cannot add path segments or parameters.
     */
    URL {
        @Override
        public String encode(String value) {
            if (value.equals(".") || value.equals("..")) {
                // a lone dot segment would be normalised away by servers: "/contacts/.." = "/"
                return value.replace(".", "%2E");
            }
            StringBuilder out = new StringBuilder(value.length() + 8);
            for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
                int c = b & 0xff;
                if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                        || c == '-' || c == '.' || c == '_' || c == '~') {
                    out.append((char) c);
                } else {
                    out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
                }
            }
            return out.toString();
        }
    },

    /** {@code application/x-www-form-urlencoded}: a space becomes {@code +}, {@code & =} are escaped. */
    FORM {
        @Override
        public String encode(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
    },

    /** Header values: control characters become spaces so a value cannot start a new header line. */
    HEADER {
        @Override
        public String encode(String value) {
            StringBuilder out = new StringBuilder(value.length());
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                out.append(Character.isISOControl(c) ? ' ' : c);
            }
            return out.toString();
        }
    },

    /**
     * Unchanged text, for places the result is not parsed again: JSON string
     * values (Jackson escapes them when the body is written) and pop titles.
     */
    TEXT {
        @Override
        public String encode(String value) {
            return value;
        }
    };

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    public abstract String encode(String value);
}
