package org.crmconnector.crm.support.additions;

import java.util.Locale;

import org.crmconnector.crm.InteractionAddition;
import org.crmconnector.crm.support.text.FieldText;

/**
 * What an addition writes into a record, and how it reads in messages. A
 * field it is appended to gets the text under a marker naming the addition
 * ({@code [Transcript tr-1]}), so a redelivered addition finds its marker
 * and is not appended twice.
 */
public final class AdditionText {

    private AdditionText() {
    }

    /** The kind in lower case ("recording"); "unknown" when the addition has none. */
    public static String kindOf(InteractionAddition addition) {
        return addition.kind == null ? "unknown" : addition.kind.name().toLowerCase(Locale.ROOT);
    }

    /** The kind capitalised, as the marker names it. */
    public static String labelOf(InteractionAddition addition) {
        return addition.kind == null ? "Unknown" : FieldText.capitalised(addition.kind);
    }

    /** What the addition writes: its URL for a recording, its text otherwise. */
    public static String contentOf(InteractionAddition addition) {
        return addition.kind == InteractionAddition.Kind.RECORDING ? addition.url : addition.text;
    }

    /** The line the addition's text is appended under. */
    public static String markerOf(InteractionAddition addition) {
        return "[" + labelOf(addition) + " " + addition.additionKey + "]";
    }

    /**
     * {@code current} with {@code content} appended under {@code marker},
     * the content cut to fit {@code max} characters (null: no limit) and
     * never the marker, which must stay whole to be found again; null when
     * the field and the marker leave no room.
     */
    public static String appended(String current, String marker, String content, Integer max) {
        String head = (current.isEmpty() ? "" : current + "\n\n") + marker + "\n";
        if (max != null && head.length() >= max) {
            return null;
        }
        return head + (max == null ? content : FieldText.truncate(content, max - head.length()));
    }
}
