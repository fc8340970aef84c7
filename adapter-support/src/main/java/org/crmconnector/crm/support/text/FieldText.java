package org.crmconnector.crm.support.text;

import java.util.Locale;

/** Text as a CRM record's fields take it: the first value given, cut to the field's length, names as words. */
public final class FieldText {

    private FieldText() {
    }

    /** The first value that is neither null nor blank, or null. */
    public static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    /** Cut to {@code max} characters without splitting a surrogate pair; null {@code max}: as it is. */
    public static String truncate(String text, Integer max) {
        if (max == null || text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end);
    }

    /** An enum constant's name as a word: {@code INBOUND} is {@code Inbound}; null stays null. */
    public static String capitalised(Enum<?> value) {
        return value == null ? null : capitalised(value.name());
    }

    /** The word with its first letter as it is and the rest in lower case: {@code CALL} is {@code Call}. */
    public static String capitalised(String word) {
        return word == null || word.isEmpty() ? word : word.charAt(0) + word.substring(1).toLowerCase(Locale.ROOT);
    }
}
