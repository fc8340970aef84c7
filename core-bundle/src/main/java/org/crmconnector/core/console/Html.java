package org.crmconnector.core.console;

/**
 * Escaping and masking for the console page. Everything shown comes from
 * configurations, CRMs and softphones, none of which we control, so every
 * value is escaped at the point it is written.
 */
final class Html {

    private Html() {
    }

    /** Escapes text for an element body or a quoted attribute value. */
    static String esc(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * Personal data as far as an operator needs it: every letter and digit
     * hidden except the last four digits, which is enough to match a caller
     * to a complaint.
     */
    static String mask(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        int keepFrom = value.length();
        int digits = 0;
        for (int i = value.length() - 1; i >= 0 && digits < 4; i--) {
            if (Character.isDigit(value.charAt(i))) {
                digits++;
                keepFrom = i;
            }
        }
        StringBuilder sb = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean keep = i >= keepFrom && Character.isDigit(c);
            sb.append(keep || !Character.isLetterOrDigit(c) ? c : '\u2022');
        }
        return sb.toString();
    }

    /** A value for a JavaScript string literal inside an HTML attribute or script. */
    static String js(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (Character.isLetterOrDigit(c) || c == ' ' || c == '-' || c == '_' || c == '.') {
                sb.append(c);
            } else {
                sb.append(String.format("\\u%04x", (int) c));
            }
        }
        return sb.toString();
    }
}
