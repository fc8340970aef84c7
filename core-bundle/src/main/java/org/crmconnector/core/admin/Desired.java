package org.crmconnector.core.admin;

import java.util.Map;

/**
 * A tenant or adapter instance as a client wants it: a full replacement of
 * its attributes, except secrets left out, which keep their values.
 *
 * @param type       the adapter's factory PID; null for a tenant, or to keep an instance's type
 * @param attributes by client name, as JSON gave them; a null value removes a secret
 */
public record Desired(Kind kind, String id, String type, Map<String, Object> attributes) {
}
