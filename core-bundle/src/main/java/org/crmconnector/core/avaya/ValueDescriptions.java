package org.crmconnector.core.avaya;

import com.fasterxml.jackson.databind.JsonNode;

/** How a refused value is described in an error message. */
final class ValueDescriptions {

    private static final int MAX_SHOWN_LENGTH = 40;

    private ValueDescriptions() {
    }

    /** The JSON type, for values whose content says nothing: "an object", "a number". */
    static String kind(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return "null";
        }
        if (v.isObject()) {
            return "an object";
        }
        if (v.isArray()) {
            return "an array";
        }
        if (v.isBoolean()) {
            return "a boolean";
        }
        if (v.isNumber()) {
            return "a number";
        }
        return "a string";
    }

    /** The value itself, short and printable, as it ends up in logs and HTTP responses. */
    static String show(JsonNode v) {
        if (v == null || !v.isValueNode() || v.isNull()) {
            return kind(v);
        }
        String s = v.asText();
        String cut = s.length() > MAX_SHOWN_LENGTH ? s.substring(0, MAX_SHOWN_LENGTH) + "..." : s;
        String printable = cut.codePoints().map(ch -> Character.isISOControl(ch) ? '?' : ch)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return v.isTextual() ? "'" + printable + "'" : printable;
    }
}
