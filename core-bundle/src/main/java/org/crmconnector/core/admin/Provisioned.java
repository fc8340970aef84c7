package org.crmconnector.core.admin;

import java.util.Map;

/**
 * A tenant or adapter instance as the operator API shows it: its attributes
 * without the secrets, which are only said to be set or not.
 *
 * @param type   the factory PID of its configuration
 * @param state  live, no-adapter (a tenant whose adapter instance is not there), refused, unsatisfied or pending
 * @param reason why it is refused, when it is
 * @param file   the deploy/ file it came from, or null when made by the API or the Web Console
 */
public record Provisioned(String id, String type, String pid, String state, String reason,
        Map<String, Object> attributes, Map<String, Boolean> secrets, String file) {
}
