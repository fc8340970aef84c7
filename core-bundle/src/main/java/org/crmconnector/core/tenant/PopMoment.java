package org.crmconnector.core.tenant;

import java.util.Locale;

/** When a channel's screen pop opens at the agent's desktop. */
public enum PopMoment {
    OFFERED, ACCEPTED, NEVER;

    static PopMoment parse(String value, String attribute) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException(attribute + " must be offered, accepted or never, not '" + value + "'");
        }
    }
}
