package org.crmconnector.core.console;

/** What the page shows of a caller's number or name unless the operator asks to reveal it. */
final class PersonalData {

    private PersonalData() {
    }

    /**
     * Every letter and digit hidden except the last four digits, which is
     * enough to match a caller to a complaint.
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
}
