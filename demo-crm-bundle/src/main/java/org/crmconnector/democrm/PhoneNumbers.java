package org.crmconnector.democrm;

/**
 * Phone numbers compared the way a caller's number arrives: formatting
 * ({@code +}, spaces, dashes, brackets) never matters, only digits do.
 */
final class PhoneNumbers {

    /** Below this many digits a suffix match would be a guess, not a match. */
    static final int MIN_SUFFIX_DIGITS = 7;

    private PhoneNumbers() {
    }

    static String digits(String number) {
        if (number == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(number.length());
        for (int i = 0; i < number.length(); i++) {
            char c = number.charAt(i);
            if (c >= '0' && c <= '9') {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * Same digits, or one is the other with a country or trunk prefix
     * ({@code +1 (555) 123-4567} and {@code 555-123-4567}).
     */
    static boolean same(String a, String b) {
        String x = digits(a);
        String y = digits(b);
        if (x.isEmpty() || y.isEmpty()) {
            return false;
        }
        if (x.equals(y)) {
            return true;
        }
        String longer = x.length() >= y.length() ? x : y;
        String shorter = longer == x ? y : x;
        return shorter.length() >= MIN_SUFFIX_DIGITS && longer.endsWith(shorter);
    }
}
