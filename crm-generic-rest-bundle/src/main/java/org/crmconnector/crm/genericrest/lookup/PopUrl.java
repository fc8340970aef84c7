package org.crmconnector.crm.genericrest.lookup;

import org.crmconnector.crm.genericrest.template.UrlTemplate;
import org.crmconnector.crm.genericrest.template.Values;

/**
 * The URL a pop opens: a URL template, or the matched record's own URL
 * ({@code {recordUrl}} alone), which is a whole URL and so must not be
 * percent-encoded like a value inside one.
 */
public final class PopUrl {

    /** The template text that means "the record's URL as it is". */
    public static final String RECORD_URL = "{recordUrl}";

    private final UrlTemplate template;

    private PopUrl(UrlTemplate template) {
        this.template = template;
    }

    public static PopUrl recordUrl() {
        return new PopUrl(null);
    }

    public static PopUrl of(UrlTemplate template) {
        return new PopUrl(template);
    }

    /** The URL, or null when there is none to open (a record without URL). */
    String render(Values values) {
        if (template == null) {
            String url = values.text("recordUrl");
            return url.isEmpty() ? null : url;
        }
        return template.render(values).toString();
    }
}
