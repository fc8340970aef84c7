package org.crmconnector.core.console;

import java.util.Objects;

import org.owasp.encoder.Encode;

/**
 * Values on the page come from configurations, CRMs and softphones, none of
 * which we control, so each is escaped where it is written, with the OWASP
 * encoder the Web Console uses too.
 */
final class HtmlText {

    private HtmlText() {
    }

    /**
     * The value as HTML text, safe in an element body and in a quoted attribute.
     * Null is empty: {@link Encode} would write "null", and engine fields may be unset.
     */
    static String html(Object value) {
        return Encode.forHtml(Objects.toString(value, ""));
    }
}
