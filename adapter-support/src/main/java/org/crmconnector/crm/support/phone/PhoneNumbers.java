package org.crmconnector.crm.support.phone;

import java.util.LinkedHashSet;
import java.util.Set;

import org.crmconnector.crm.ScreenPopRequest;

/**
 * Phone numbers as CRMs hold them: strings as entered, so the same person may
 * be {@code (555) 123-4567}, {@code 555-123-4567} or {@code +15551234567},
 * while the caller id arrives in yet another form. Comparison works on digits only.
 */
public final class PhoneNumbers {

    /** Shorter digit strings are extensions or short codes, too ambiguous to match by suffix. */
    public static final int MIN_MATCH_DIGITS = 7;

    /** The caller's number a lookup searches: the request's ANI, else its interaction's; null when neither. */
    public static String callerOf(ScreenPopRequest request) {
        if (request.ani != null && !request.ani.isBlank()) {
            return request.ani;
        }
        return request.interaction == null ? null : request.interaction.ani();
    }

    /** National significant numbers have at most this many digits in practice (ITU E.164 leaves 15 in all). */
    private static final int NATIONAL_DIGITS = 10;

    private PhoneNumbers() {
    }

    public static String digits(String number) {
        if (number == null) {
            return "";
        }
        StringBuilder digits = new StringBuilder(number.length());
        for (int i = 0; i < number.length(); i++) {
            char c = number.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            }
        }
        return digits.toString();
    }

    /**
     * Digits with international ({@code 00}) and trunk ({@code 0}) prefixes
     * removed: {@code +44 20 7946 0000} and {@code 020 7946 0000} both end
     * in {@code 2079460000}.
     */
    public static String significant(String number) {
        String digits = digits(number);
        int i = 0;
        while (i < digits.length() - 1 && digits.charAt(i) == '0') {
            i++;
        }
        return digits.substring(i);
    }

    /**
     * The digit strings to search for: the whole number and its likely
     * national forms. A phone search that matches digit sequences within a
     * stored number (Salesforce's does) would miss a record stored nationally
     * ({@code 555-123-4567}) with an E.164 caller id ({@code 15551234567}) alone.
     */
    public static Set<String> searchVariants(String number) {
        Set<String> variants = new LinkedHashSet<>();
        String significant = significant(number);
        if (significant.length() < MIN_MATCH_DIGITS) {
            if (!significant.isEmpty()) {
                variants.add(significant);
            }
            return variants;
        }
        variants.add(significant);
        if (significant.length() == 11 && significant.startsWith("1")) {
            // North American Numbering Plan: country code 1, ten national digits.
            variants.add(significant.substring(1));
        }
        if (significant.length() > NATIONAL_DIGITS) {
            variants.add(significant.substring(significant.length() - NATIONAL_DIGITS));
        }
        if (significant.length() > NATIONAL_DIGITS - 1) {
            // Countries with nine-digit national numbers (e.g. +33, +34, +41).
            variants.add(significant.substring(significant.length() - (NATIONAL_DIGITS - 1)));
        }
        return variants;
    }

    /**
     * Whether a stored number is the caller's: one significant form ends with
     * the other and the shorter still has enough digits to be a real number.
     */
    public static boolean sameNumber(String caller, String stored) {
        String a = significant(caller);
        String b = significant(stored);
        String shorter = a.length() <= b.length() ? a : b;
        String longer = shorter == a ? b : a;
        return shorter.length() >= MIN_MATCH_DIGITS && longer.endsWith(shorter);
    }
}
