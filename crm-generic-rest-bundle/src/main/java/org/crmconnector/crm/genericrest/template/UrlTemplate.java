package org.crmconnector.crm.genericrest.template;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A URL template whose scheme and host are written literally, so no value can
 * send a request (or an agent's browser) to another server; values in path
 * and query are URL-encoded.
 */
public final class UrlTemplate {

    /** scheme://authority followed by the start of path, query or fragment. */
    private static final Pattern LITERAL_ORIGIN = Pattern.compile("(?i)^https?://[^/?#{}]+[/?#].*", Pattern.DOTALL);

    private final Template template;
    private final String origin;

    private UrlTemplate(Template template, String origin) {
        this.template = template;
        this.origin = origin;
    }

    /**
     * @param baseUrl prefixed when the template starts with "/"; may be empty
     * @throws IllegalArgumentException with the problem (the caller adds the attribute's name)
     */
    public static UrlTemplate parse(String source, String baseUrl, VariableCatalog catalog) {
        String full = source.trim();
        if (full.startsWith("/")) {
            if (baseUrl.isEmpty()) {
                throw new IllegalArgumentException("'" + source + "' is relative, but 'base.url' is empty");
            }
            full = stripTrailingSlash(baseUrl) + full;
        }
        Template template = Template.parse(full, catalog);
        if (!template.variables().isEmpty() && !LITERAL_ORIGIN.matcher(template.leadingLiteral()).matches()) {
            throw new IllegalArgumentException("'" + source + "' must start with http:// or https:// and a literal host "
                    + "followed by '/' before the first variable");
        }
        URI sample = toUri(template.render(Variables.samples(catalog), Encoding.URL), source);
        String scheme = sample.getScheme() == null ? "" : sample.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || sample.getHost() == null) {
            throw new IllegalArgumentException("'" + source + "' is not an absolute http(s) URL with a host");
        }
        return new UrlTemplate(template, originOf(sample));
    }

    /**
     * {@code scheme://host:port} of an absolute http(s) URL, lower case, with
     * the scheme's default port filled in: two URLs reach the same server
     * exactly when their origins are equal.
     */
    public static String originOf(URI url) {
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        int port = url.getPort() != -1 ? url.getPort() : scheme.equals("https") ? 443 : 80;
        return scheme + "://" + url.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }

    private static String stripTrailingSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static URI toUri(String text, String source) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + source + "' is not a valid URL: " + e.getReason());
        }
    }

    public URI render(Values values) {
        try {
            return new URI(template.render(values, Encoding.URL));
        } catch (URISyntaxException e) {
            // literal parts were checked on save and values are percent-encoded, so this cannot happen
            throw new IllegalStateException(e);
        }
    }

    /** The origin of every URL this template renders: scheme and host are literal. */
    public String origin() {
        return origin;
    }

    public Set<String> variables() {
        return template.variables();
    }

    public String source() {
        return template.source();
    }
}
