package org.crmconnector.core.console;

import static org.crmconnector.core.console.HtmlText.html;

import org.owasp.encoder.Encode;

/** A one-button POST form that asks before it changes anything, carrying the user's CSRF token. */
final class ConfirmedAction {

    private ConfirmedAction() {
    }

    /**
     * @param id the dead letter, or null for an action on the whole tenant
     * @param question shown by {@code confirm()}; it names tenants, so it is
     *        encoded for a JavaScript string inside an HTML attribute
     */
    static String form(ConsolePage page, String action, String tenant, Long id, String label, String question) {
        return "<form method='post' action='" + html(page.request().pluginRoot()) + "' class='crm-inline' "
                + "onsubmit=\"return confirm('" + Encode.forJavaScriptAttribute(question) + "')\">"
                + "<input type='hidden' name='" + CsrfGuard.FIELD + "' value='" + html(page.token()) + "'>"
                + "<input type='hidden' name='action' value='" + html(action) + "'>"
                + "<input type='hidden' name='tenant' value='" + html(tenant) + "'>"
                + (id == null ? "" : "<input type='hidden' name='id' value='" + id + "'>")
                + "<button type='submit' class='crm-" + html(action) + "'>" + html(label) + "</button></form>";
    }
}
