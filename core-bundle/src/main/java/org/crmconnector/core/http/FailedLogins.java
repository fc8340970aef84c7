package org.crmconnector.core.http;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failed logins per client address and tenant (API keys) or per client
 * address (the Web Console's password): logged (never the secret), and after
 * too many in a window the client backs off. Keys are long random
 * tokens, so for them this does not protect the keys as much as it keeps a
 * guessing client from filling the logs and the CPU, and tells the operator it
 * exists; a console password, which a person chose, it also protects.
 * <p>
 * Counted per tenant id as the client wrote it, known or not, so the back-off
 * itself does not tell which tenants exist. The table is bounded: a client
 * inventing tenant ids cannot grow it without limit.
 */
@Component(service = FailedLogins.class, configurationPid = "org.crmconnector.http.logins")
@Designate(ocd = FailedLoginsConfig.class)
public class FailedLogins {

    static final int MAX_TRACKED = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(FailedLogins.class);

    /** Failures of one client for one tenant since {@code windowStart} (nanos). */
    private record Count(long windowStart, int failures) {
    }

    private final int maxFailures;
    private final long windowNanos;
    private final LongSupplier nanoClock;
    private final Consumer<String> warn;
    private final Map<String, Count> counts = new ConcurrentHashMap<>();

    @Activate
    public FailedLogins(FailedLoginsConfig config) {
        this(config.max_failures(), Duration.ofSeconds(config.window_seconds()), System::nanoTime, LOG::warn);
    }

    /** {@code warn}: where the log lines go (the log; a test reads them). */
    FailedLogins(int maxFailures, Duration window, LongSupplier nanoClock, Consumer<String> warn) {
        if (maxFailures < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("max.failures and window.seconds must be at least 1");
        }
        this.maxFailures = maxFailures;
        this.windowNanos = window.toNanos();
        this.nanoClock = nanoClock;
        this.warn = warn;
    }

    /** Seconds the client must wait before it may try this tenant again, or empty when it may now. */
    public OptionalLong backOff(String client, String tenantId) {
        if (counts.isEmpty()) {
            return OptionalLong.empty(); // every request asks: the usual answer costs no key built
        }
        return backOffFor(key(client, tenantId));
    }

    /** Seconds the client must wait before it may try the Web Console again, or empty when it may now. */
    public OptionalLong consoleBackOff(String client) {
        return counts.isEmpty() ? OptionalLong.empty() : backOffFor(consoleKey(client));
    }

    private OptionalLong backOffFor(String key) {
        Count c = counts.get(key);
        long now = nanoClock.getAsLong();
        if (c == null || c.failures() < maxFailures || now - c.windowStart() >= windowNanos) {
            return OptionalLong.empty();
        }
        long left = c.windowStart() + windowNanos - now;
        return OptionalLong.of(Math.max(1, (left + 999_999_999L) / 1_000_000_000L));
    }

    /** A wrong key from {@code client} for {@code tenantId}. */
    public void failed(String client, String tenantId) {
        // the key is never handed to this class, so no log line can carry it
        count(key(client, tenantId), "API key refused for tenant '" + printable(tenantId) + "' from " + client,
                "that tenant");
    }

    /** A wrong Web Console user or password from {@code client}; {@code user} is the name it tried. */
    public void consoleFailed(String client, String user) {
        // nor is the password: only the name tried, which tells the operator what is being guessed
        count(consoleKey(client), "Web Console login refused for user '" + printableUser(user) + "' from " + client,
                "the Web Console");
    }

    /** Seconds the client must wait before it may try an operator key again, or empty when it may now. */
    public OptionalLong operatorBackOff(String client) {
        return counts.isEmpty() ? OptionalLong.empty() : backOffFor(operatorKey(client));
    }

    /** A wrong operator key from {@code client}. */
    public void operatorFailed(String client) {
        count(operatorKey(client), "Operator key refused from " + client, "the operator API");
    }

    /** A right operator key: the client's earlier operator failures are forgotten. */
    public void operatorSucceeded(String client) {
        if (!counts.isEmpty()) {
            counts.remove(operatorKey(client));
        }
    }

    /** A right key: the client's earlier failures for this tenant are forgotten. */
    public void succeeded(String client, String tenantId) {
        if (!counts.isEmpty()) {
            counts.remove(key(client, tenantId));
        }
    }

    /** A Web Console login that worked: the client's earlier console failures are forgotten. */
    public void consoleSucceeded(String client) {
        if (!counts.isEmpty()) {
            counts.remove(consoleKey(client));
        }
    }

    /** Counts one failure under {@code key} and logs it, until the back-off starts (then the log stays quiet). */
    private void count(String key, String refused, String what) {
        long now = nanoClock.getAsLong();
        if (counts.size() >= MAX_TRACKED) {
            prune(now);
        }
        Count c = counts.compute(key, (k, old) -> old == null || now - old.windowStart() >= windowNanos
                ? new Count(now, 1) : new Count(old.windowStart(), old.failures() + 1));
        long seconds = windowNanos / 1_000_000_000L;
        if (c.failures() < maxFailures) {
            warn.accept(refused + " (" + c.failures() + " of " + maxFailures + " failures allowed in " + seconds + " s)");
        } else if (c.failures() == maxFailures) {
            warn.accept(refused + ": " + maxFailures + " failures, so its requests to " + what
                    + " are answered 429 for up to " + seconds + " s");
        }
    }

    int tracked() {
        return counts.size();
    }

    /** Drops the windows that ended; when the table is still full, the others too (it is a back-off, not a ban list). */
    private void prune(long now) {
        counts.values().removeIf(c -> now - c.windowStart() >= windowNanos);
        Iterator<String> it = counts.keySet().iterator();
        while (counts.size() >= MAX_TRACKED && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    private static String key(String client, String tenantId) {
        return client + '\n' + printable(tenantId);
    }

    /** '/' is never in a printable tenant id, so console failures and a tenant's never share a count. */
    private static String consoleKey(String client) {
        return client + "\n/system/console";
    }

    /** No tenant id has a slash, so this key is no tenant's. */
    private static String operatorKey(String client) {
        return client + "\n/api/v1/admin";
    }

    /** The tenant id as written, made safe for a log line: ids are letters, digits, '-' and '_' only. */
    static String printable(String tenantId) {
        String clipped = tenantId.length() > 64 ? tenantId.substring(0, 64) : tenantId;
        StringBuilder sb = new StringBuilder(clipped.length());
        for (int i = 0; i < clipped.length(); i++) {
            char c = clipped.charAt(i);
            boolean idChar = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_';
            sb.append(idChar ? c : '?');
        }
        return sb.toString();
    }

    /** A user name as tried, made safe for a log line: visible ASCII but quotes and backslashes, clipped. */
    static String printableUser(String user) {
        String clipped = user.length() > 64 ? user.substring(0, 64) : user;
        StringBuilder sb = new StringBuilder(clipped.length());
        for (int i = 0; i < clipped.length(); i++) {
            char c = clipped.charAt(i);
            sb.append(c > ' ' && c < 127 && c != '\'' && c != '\\' ? c : '?');
        }
        return sb.toString();
    }
}
