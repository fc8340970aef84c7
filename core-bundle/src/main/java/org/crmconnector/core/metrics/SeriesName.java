package org.crmconnector.core.metrics;

import java.util.regex.Pattern;

/**
 * Names in the one registry. A series served at /metrics is named as
 * Prometheus writes it, {@code family{label="value",...}}, so rendering needs
 * no second table; what only the console and the shell read has a dotted
 * Dropwizard name, which no Prometheus family can have.
 */
final class SeriesName {

    private static final Pattern FAMILY = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    private SeriesName() {
    }

    /** {@code family} with labels given as alternating name, value. */
    static String of(String family, String... labels) {
        if (labels.length == 0) {
            return family;
        }
        StringBuilder sb = new StringBuilder(family).append('{');
        for (int i = 0; i + 1 < labels.length; i += 2) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(labels[i]).append("=\"").append(escape(labels[i + 1])).append('"');
        }
        return sb.append('}').toString();
    }

    static boolean isPrometheus(String name) {
        return FAMILY.matcher(family(name)).matches();
    }

    static String family(String name) {
        int brace = name.indexOf('{');
        return brace < 0 ? name : name.substring(0, brace);
    }

    /** The labels without their braces; empty when none. */
    static String labels(String name) {
        int brace = name.indexOf('{');
        return brace < 0 ? "" : name.substring(brace + 1, name.length() - 1);
    }

    private static String escape(String v) {
        return v == null ? "" : v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
