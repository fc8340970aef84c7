package org.crmconnector.crm.dynamics.webapi;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** OData literals and URL parts, escaped the way the Web API reads them. */
public final class ODataText {

    private static final Pattern GUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private ODataText() {
    }

    /** {@code 'O''Brien'}: a string literal, single quotes doubled (OData URL conventions, 4.1). */
    public static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** Percent-encodes a path segment or query value; spaces as {@code %20}, never {@code +}. */
    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * {@code column='value'}, the segment that addresses a row by an alternate
     * key ({@code phonecalls(new_key='t1%3Ac1')}, Microsoft Learn, "Use an
     * alternate key to reference a record"): quotes doubled, then encoded.
     */
    public static String keySegment(String column, String value) {
        return column + "='" + encode(value.replace("'", "''")) + "'";
    }

    /** Whether the text is a record id (a GUID) Dataverse would accept in a URL. */
    public static boolean isGuid(String value) {
        return value != null && GUID.matcher(value).matches();
    }
}
