package org.crmconnector.crm.support.additions;

import java.util.Locale;

import org.crmconnector.crm.InteractionAddition;

/** How an addition's kind reads in messages ("recording") and in the text written to a record ("Recording"). */
public final class AdditionNames {

    private AdditionNames() {
    }

    /** The kind in lower case; "unknown" when the addition has none. */
    public static String kindOf(InteractionAddition addition) {
        return addition.kind == null ? "unknown" : addition.kind.name().toLowerCase(Locale.ROOT);
    }

    /** The kind capitalised, as a label before the addition's text. */
    public static String labelOf(InteractionAddition addition) {
        String name = kindOf(addition);
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
}
