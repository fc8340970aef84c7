package org.crmconnector.crm.support.oauth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

import java.net.http.HttpRequest;

import org.crmconnector.crm.support.http.AuthenticationException;
import org.crmconnector.crm.support.http.Credentials;

/**
 * The access token of one adapter instance, shared by all its calls. Only one
 * token request runs at a time; calls that arrive meanwhile wait for it and
 * use its token, so a burst of calls at expiry or after a 401 costs one
 * request. A token is renewed a margin before it expires (halfway through a
 * lifetime shorter than twice the margin), so it does not run out between
 * the check and the call; one without a lifetime is kept until refused.
 */
public final class TokenCache implements Credentials<AccessToken> {

    private final TokenSource source;
    private final Clock clock;
    private final Duration margin;
    private final ReentrantLock lock = new ReentrantLock();

    private volatile AccessToken current;

    public TokenCache(TokenSource source, Clock clock, Duration margin) {
        this.source = source;
        this.clock = clock;
        this.margin = margin;
    }

    /** The cached token, or a new one when there is none yet or it is due for renewal. */
    @Override
    public AccessToken current() throws AuthenticationException {
        AccessToken token = current;
        return fresh(token) ? token : replace(this::fresh);
    }

    /**
     * Replaces a token the CRM refused. When another call already replaced
     * it, its successor is returned without a new request.
     */
    @Override
    public AccessToken renew(AccessToken refused) throws AuthenticationException {
        return renew(refused.value());
    }

    /** {@link #renew(AccessToken)} for callers that kept only the token's value. */
    public AccessToken renew(String refusedValue) throws AuthenticationException {
        return replace(token -> token != null && !token.value().equals(refusedValue));
    }

    /** The cached token if it still {@code serves}, else a new one; one request at a time. */
    private AccessToken replace(Predicate<AccessToken> serves) throws AuthenticationException {
        lock.lock();
        try {
            if (!serves.test(current)) {
                current = null;
                current = source.fetch();
            }
            return current;
        } finally {
            lock.unlock();
        }
    }

    /** As {@code Authorization: Bearer <token>}. */
    @Override
    public void apply(AccessToken token, HttpRequest.Builder request) {
        request.setHeader("Authorization", token.authorizationHeader());
    }

    /** When the cached token expires; null before the first or when the endpoint gave no lifetime. */
    public Instant expiresAt() {
        AccessToken token = current;
        return token == null ? null : token.expiresAt();
    }

    private boolean fresh(AccessToken token) {
        if (token == null) {
            return false;
        }
        Instant expiresAt = token.expiresAt();
        return expiresAt == null || clock.instant().isBefore(expiresAt.minus(margin(token)));
    }

    private Duration margin(AccessToken token) {
        Duration lifetime = token.lifetime();
        return lifetime.compareTo(margin.multipliedBy(2)) < 0 ? lifetime.dividedBy(2) : margin;
    }
}
