package org.crmconnector.crm.support.settings;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The checks an adapter runs on its configuration attributes, on activation
 * and before a configuration is saved. Each problem is an
 * {@link IllegalArgumentException} {@code <subject>: <attribute> <problem>},
 * e.g. {@code Salesforce adapter configuration: search.limit must be positive}:
 * the operator sees which attribute to fix. Values never appear in the
 * messages, as an attribute may hold a secret.
 */
public final class AttributeChecks {

    private final String subject;

    /** @param subject what is being checked, e.g. {@code Salesforce adapter configuration} */
    public AttributeChecks(String subject) {
        this.subject = subject;
    }

    public IllegalArgumentException invalid(String attribute, String problem) {
        return new IllegalArgumentException(subject + ": " + attribute + " " + problem);
    }

    public void check(boolean ok, String attribute, String problem) {
        if (!ok) {
            throw invalid(attribute, problem);
        }
    }

    /** The value trimmed; "is required" when null or blank. */
    public String required(String attribute, String value) {
        check(value != null && !value.isBlank(), attribute, "is required");
        return value.trim();
    }

    /** An optional text attribute, trimmed; empty when not set. */
    public static String optional(String value) {
        return value == null ? "" : value.trim();
    }

    public int positive(String attribute, int value) {
        check(value > 0, attribute, "must be positive");
        return value;
    }

    public int between(String attribute, int value, int min, int max) {
        check(value >= min && value <= max, attribute, "must be " + min + " to " + max);
        return value;
    }

    public int notNegative(String attribute, int value) {
        check(value >= 0, attribute, "must not be negative");
        return value;
    }

    /** One of an enum's constants, by name in any case. */
    public <E extends Enum<E>> E choice(String attribute, Class<E> type, String value) {
        try {
            return Enum.valueOf(type, required(attribute, value).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid(attribute, "must be one of " + List.of(type.getEnumConstants()));
        }
    }

    /**
     * Runs a parser whose {@link IllegalArgumentException}s describe the
     * format (never the value), naming the attribute in them.
     */
    public <T> T parsed(String attribute, Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw invalid(attribute, e.getMessage());
        }
    }

    /** One item a non-blank line, parsed as {@link #parsed} does; {@code whenNone} when there is none. */
    public <T> List<T> lines(String attribute, String[] lines, Function<String, T> parser, String whenNone) {
        List<T> items = new ArrayList<>();
        for (String line : lines == null ? new String[0] : lines) {
            if (line != null && !line.isBlank()) {
                items.add(parsed(attribute, () -> parser.apply(line)));
            }
        }
        check(!items.isEmpty(), attribute, whenNone);
        return List.copyOf(items);
    }

    /**
     * An absolute http(s) URL; plain http only to this machine (tests, local
     * proxies), since credentials travel with the calls.
     */
    public URI httpsUrl(String attribute, String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw invalid(attribute, "is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        check(uri.getHost() != null && (scheme.equals("https") || scheme.equals("http")), attribute,
                "must be an absolute https URL");
        check(scheme.equals("https") || isLoopback(uri.getHost()), attribute,
                "must use https (http is accepted for localhost only)");
        return uri;
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
    }
}
