package org.crmconnector.core.tenant;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * An origin as a browser writes it: {@code scheme://host[:port]}, http or
 * https, lower case, without the default port. The agent page compares it
 * with {@code MessageEvent.origin} character for character and writes it
 * into a Content-Security-Policy header, so anything else (a path, a
 * wildcard, a space or ';' that would add a directive) is refused on save.
 */
final class WebOrigin {

    private WebOrigin() {
    }

    /** The origin in the browser's form; empty for empty. */
    static String parse(String attribute, String value) {
        String v = value == null ? "" : value.trim();
        if (v.isEmpty()) {
            return "";
        }
        URI uri;
        try {
            uri = new URI(v);
        } catch (URISyntaxException e) {
            throw invalid(attribute, v);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean bare = (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
                && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || !bare) {
            throw invalid(attribute, v);
        }
        int port = uri.getPort();
        boolean defaultPort = port == -1 || scheme.equals("http") && port == 80 || scheme.equals("https") && port == 443;
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }

    private static IllegalArgumentException invalid(String attribute, String value) {
        return new IllegalArgumentException(attribute + " '" + value
                + "' must be one origin: http(s)://host[:port], without path, query or wildcard");
    }
}
