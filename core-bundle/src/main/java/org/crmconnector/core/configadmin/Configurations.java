package org.crmconnector.core.configadmin;

import java.io.IOException;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.ConfigurationAdmin;

/** Questions to Config Admin that components replaced by a configuration change ask. */
public final class Configurations {

    private Configurations() {
    }

    /**
     * Whether a configuration has {@code property} equal to {@code value}.
     * When Config Admin cannot answer, {@code unknown}.
     */
    public static boolean exists(ConfigurationAdmin admin, String property, String value, boolean unknown) {
        try {
            return admin.listConfigurations("(" + property + "=" + filterValue(value) + ")") != null;
        } catch (IOException | InvalidSyntaxException | IllegalStateException e) {
            return unknown;
        }
    }

    /**
     * {@code value} as an LDAP filter takes it literally (RFC 1960), so an odd
     * name cannot change the filter; null is empty.
     */
    public static String filterValue(String value) {
        StringBuilder sb = new StringBuilder();
        for (char c : (value == null ? "" : value).toCharArray()) {
            if (c == '\\' || c == '(' || c == ')' || c == '*') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
