package org.crmconnector.store.postgresql.datasource;

import java.util.function.UnaryOperator;

/**
 * How a node reaches the shared database: framework properties
 * ({@value #PREFIX}{@code *}, which bin/crm-connector writes from its
 * {@code CRM_DB_*} environment variables into the owner-only
 * conf/runtime.properties), read before anything starts. Not a Config Admin
 * configuration: the node needs them to reach the database that the cluster's
 * configuration lives in, and a configuration arriving late would leave the
 * node on no store for a while.
 *
 * @param passwordFile a file only its owner (and group) may read, or empty
 * @param passwordEnv the name of an environment variable of the server process holding the password, or empty
 */
public record DatabaseSettings(String jdbcUrl, String user, String passwordFile, String passwordEnv, int poolSize,
        long connectTimeoutSeconds, long retrySeconds) {

    public static final String PREFIX = "crm.store.postgresql.";

    /** Settings with the defaults but for the URL, the user and the pool size. */
    public static DatabaseSettings of(String jdbcUrl, String user, int poolSize) {
        return new DatabaseSettings(jdbcUrl, user, "", "", poolSize, 10, 5);
    }

    /**
     * @param property looks a framework property up (BundleContext::getProperty outside tests)
     * @throws IllegalArgumentException naming the property that is missing or not a number
     */
    public static DatabaseSettings read(UnaryOperator<String> property) {
        String url = text(property, "url", "");
        if (url.isEmpty()) {
            throw new IllegalArgumentException("The framework property " + PREFIX + "url (CRM_DB_URL for bin/crm-connector) "
                    + "is not set; for example jdbc:postgresql://db.example.com:5432/crm");
        }
        return new DatabaseSettings(url, text(property, "user", "crm"), text(property, "password.file", ""),
                text(property, "password.env", ""), (int) number(property, "pool.size", 10),
                number(property, "connect.timeout.seconds", 10), number(property, "retry.seconds", 5));
    }

    private static String text(UnaryOperator<String> property, String name, String fallback) {
        String value = property.apply(PREFIX + name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static long number(UnaryOperator<String> property, String name, long fallback) {
        String value = text(property, name, "");
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(value);
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("The framework property " + PREFIX + name + " must be a positive whole "
                    + "number, not '" + value + "'");
        }
    }
}
