package org.crmconnector.store.postgresql.datasource;

import java.util.Locale;

/** Checks a configured JDBC URL: PostgreSQL's, and with no password in it (it would show in the console and logs). */
final class JdbcUrl {

    private JdbcUrl() {
    }

    /** @throws IllegalArgumentException naming what is wrong */
    static String check(String url) {
        String u = url == null ? "" : url.trim();
        if (!u.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("The JDBC URL must start with jdbc:postgresql:, for example "
                    + "jdbc:postgresql://localhost:5432/crm");
        }
        String lower = u.toLowerCase(Locale.ROOT);
        int query = lower.indexOf('?');
        if (query >= 0 && (lower.indexOf("password=", query) >= 0 || lower.indexOf("sslpassword=", query) >= 0)
                || lower.matches("jdbc:postgresql://[^/?]*:[^/?@]*@.*")) {
            throw new IllegalArgumentException("The JDBC URL holds a password; it would show in the console and the "
                    + "logs. Put the password in a file or an environment variable instead");
        }
        return u;
    }
}
