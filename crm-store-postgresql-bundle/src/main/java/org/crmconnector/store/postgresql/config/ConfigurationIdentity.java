package org.crmconnector.store.postgresql.config;

/**
 * What names one factory configuration on every node. Its PID does not: the
 * Web Console creates {@code factoryPid.<random>}, FileInstall and this
 * package {@code factoryPid~name}. The identity is the factory PID and the
 * part after it ({@code <random>} or {@code name}), and a replicated
 * configuration is created on another node as {@code factoryPid~name}, which
 * maps back to the same identity.
 */
record ConfigurationIdentity(String factoryPid, String name) {

    static ConfigurationIdentity of(String pid, String factoryPid) {
        if (pid.startsWith(factoryPid) && pid.length() > factoryPid.length() + 1) {
            char separator = pid.charAt(factoryPid.length());
            if (separator == '~' || separator == '.') {
                return new ConfigurationIdentity(factoryPid, pid.substring(factoryPid.length() + 1));
            }
        }
        return new ConfigurationIdentity(factoryPid, pid);
    }

    /** The table's key. */
    String key() {
        return factoryPid + "~" + name;
    }
}
