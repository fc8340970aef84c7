package org.crmconnector.core.streamtoken;

import java.time.Instant;

/** A token as handed to the caller that asked for it. */
public record IssuedToken(String token, Instant expiresAt) {
}
