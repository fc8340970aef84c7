package org.crmconnector.core.agentpage;

import java.util.Optional;

import org.crmconnector.core.tenant.Tenant;
import org.owasp.encoder.Encode;

/**
 * Who may embed one tenant's agent page: the page that frames it must be the
 * tenant's {@code allowed.origin} (or, when it has none, a page of this
 * server), and the client in the page exchanges postMessages with that origin
 * only. The browser enforces the first from the header, the client learns the
 * second from the page itself, so no form field or URL can widen either.
 */
record PageEmbedding(String tenantId, String allowedOrigin) {

    /** No tenant, or one without an allowed origin: framed by this server's own pages only, no messages. */
    static final PageEmbedding NONE = new PageEmbedding("", "");

    /** The page's placeholders, filled in per request. */
    static final String TENANT_META = meta("crm-connector-tenant", "");
    static final String ORIGIN_META = meta("crm-connector-allowed-origin", "");

    static PageEmbedding of(Optional<Tenant> tenant) {
        return tenant.map(t -> new PageEmbedding(t.id(), t.allowedOrigin())).orElse(NONE);
    }

    /** The Content-Security-Policy header; the origin was checked on save to be one bare origin. */
    String contentSecurityPolicy() {
        return "frame-ancestors " + (allowedOrigin.isEmpty() ? "'self'" : allowedOrigin);
    }

    /** The page with the tenant and its origin in the meta elements the client reads. */
    String fillIn(String page) {
        return page.replace(TENANT_META, meta("crm-connector-tenant", tenantId))
                .replace(ORIGIN_META, meta("crm-connector-allowed-origin", allowedOrigin));
    }

    private static String meta(String name, String content) {
        return "<meta name=\"" + name + "\" content=\"" + Encode.forHtmlAttribute(content) + "\">";
    }
}
