package org.crmconnector.core.web;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which request {@code Content-Type} is JSON: {@code application/json} or a
 * structured {@code application/*+json} type (RFC 6839), each with or without
 * parameters. Matched on the whole media type, never a prefix: a client that
 * sends {@code application/jsonx} sends something else, and is told so.
 */
final class JsonMediaType {

    /** A subtype of RFC 6838 restricted-name characters ending in {@code +json}. */
    private static final Pattern JSON = Pattern.compile(
            "application/(?:json|[a-z0-9][a-z0-9!#$&^_.+-]{0,120}\\+json)");

    private JsonMediaType() {
    }

    static boolean accepts(String contentType) {
        if (contentType == null) {
            return false;
        }
        if (contentType.equalsIgnoreCase("application/json")) {
            return true; // nearly every request: no pattern to run
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        return JSON.matcher(type.toLowerCase(Locale.ROOT)).matches();
    }
}
