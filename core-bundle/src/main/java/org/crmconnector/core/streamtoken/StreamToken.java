package org.crmconnector.core.streamtoken;

import java.time.Instant;

/** What a stream token says: one agent of one tenant may open its streams until {@code expiresAt}. */
public record StreamToken(String tenantId, String agentId, Instant expiresAt) {
}
