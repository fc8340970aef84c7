package org.crmconnector.core.metrics;

import java.time.Instant;

/** The last thing that went wrong for a tenant; {@code source} says where (pop, delivery). */
public record LastError(Instant at, String source, String message) {
}
