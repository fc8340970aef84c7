package org.crmconnector.crm.genericrest.http;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * One request, fully rendered.
 *
 * @param body            null for no body
 * @param contentType     null when there is no body
 * @param withCredentials whether the CRM credentials go with it; false for a server that is not the CRM
 */
public record RestRequest(String method, URI uri, List<Map.Entry<String, String>> headers, String body,
        String contentType, boolean withCredentials) {

    /** A request to the CRM itself, with its credentials. */
    public RestRequest(String method, URI uri, List<Map.Entry<String, String>> headers, String body,
            String contentType) {
        this(method, uri, headers, body, contentType, true);
    }

    /** Method, host and path for logs and messages: no query (it may hold keys), no headers, no body. */
    public String describe() {
        return method + " " + uri.getHost() + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }
}
