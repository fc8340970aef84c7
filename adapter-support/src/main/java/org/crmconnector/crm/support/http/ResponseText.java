package org.crmconnector.crm.support.http;

/**
 * An answer's body as part of a message: one line, cut short. Enough to see a
 * CRM's reason, never a whole HTML error page in a log.
 */
public final class ResponseText {

    private ResponseText() {
    }

    /** The body on one line, at most {@code max} characters and "..."; empty for none. */
    public static String abbreviate(String body, int max) {
        if (body == null) {
            return "";
        }
        String oneLine = body.replaceAll("\\s+", " ").trim();
        return oneLine.length() > max ? oneLine.substring(0, max) + "..." : oneLine;
    }
}
