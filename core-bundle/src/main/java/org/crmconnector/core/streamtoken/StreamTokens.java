package org.crmconnector.core.streamtoken;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issues and checks the tokens an agent's browser opens its event streams
 * with. The tenant's API key can read every interaction and discard dead
 * letters, so it stays server-to-server; a browser gets a token that names
 * one tenant, one agent and an expiry, signed with this node's secret.
 */
@Component(service = StreamTokens.class, configurationPid = StreamTokens.PID)
@Designate(ocd = StreamTokenConfig.class)
public class StreamTokens {

    public static final String PID = "org.crmconnector.streamtokens";
    static final int MIN_SECRET_BYTES = 32;

    private static final Logger LOG = LoggerFactory.getLogger(StreamTokens.class);

    private final SignedTokenCodec codec;
    private final Duration lifetime;
    private final Clock clock;

    @Activate
    public StreamTokens(StreamTokenConfig config) {
        this(secret(config._secret()), lifetime(config.ttl_seconds()), Clock.systemUTC());
    }

    StreamTokens(byte[] secret, Duration lifetime, Clock clock) {
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException(".secret must be at least " + MIN_SECRET_BYTES + " bytes");
        }
        this.codec = new SignedTokenCodec(secret);
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /** A token for {@code agentId}'s streams of {@code tenantId}, valid for the configured lifetime. */
    public IssuedToken issue(String tenantId, String agentId) {
        // whole seconds: the token carries epoch seconds, and the answer must say exactly what it carries
        Instant expiresAt = clock.instant().plus(lifetime).truncatedTo(ChronoUnit.SECONDS);
        return new IssuedToken(codec.encode(new StreamToken(tenantId, agentId, expiresAt)), expiresAt);
    }

    /**
     * Why {@code token} may not open {@code agentId}'s streams of {@code tenantId};
     * empty when it may.
     */
    public Optional<String> refusal(String token, String tenantId, String agentId) {
        Optional<StreamToken> claims = codec.decode(token);
        if (claims.isEmpty()) {
            return Optional.of("not a valid stream token; ?access_token= takes a token from "
                    + "POST agents/{agentId}/stream-tokens, never the tenant's API key");
        }
        StreamToken t = claims.get();
        if (!t.tenantId().equals(tenantId) || !t.agentId().equals(agentId)) {
            return Optional.of("the stream token is for another tenant or agent");
        }
        if (!clock.instant().isBefore(t.expiresAt())) {
            return Optional.of("the stream token has expired; get a new one");
        }
        return Optional.empty();
    }

    private static byte[] secret(String configured) {
        String s = configured == null ? "" : configured.trim();
        if (s.isEmpty()) {
            LOG.info("Stream tokens are signed with a random secret of this node: valid here until it restarts. "
                    + "Several nodes need the same {}/.secret on each.", PID);
            byte[] random = new byte[MIN_SECRET_BYTES];
            new SecureRandom().nextBytes(random);
            return random;
        }
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            // never echo the value: it is a secret
            throw new IllegalArgumentException(PID + ": .secret is not Base64");
        }
    }

    private static Duration lifetime(int seconds) {
        if (seconds < 10 || seconds > 3600) {
            throw new IllegalArgumentException(PID + ": ttl.seconds must be 10 to 3600");
        }
        return Duration.ofSeconds(seconds);
    }
}
