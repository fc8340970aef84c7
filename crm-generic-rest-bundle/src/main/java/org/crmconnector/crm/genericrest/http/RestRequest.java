package org.crmconnector.crm.genericrest.http;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * One request, fully rendered.
 *
 * @param body        null for no body
 * @param contentType null when there is no body
 */
public record RestRequest(String method, URI uri, List<Map.Entry<String, String>> headers, String body,
        String contentType) {

    /** Method, host and path for logs and messages: no query (it may hold keys), no headers, no body. */
    public String describe() {
        return method + " " + uri.getHost() + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }
}
