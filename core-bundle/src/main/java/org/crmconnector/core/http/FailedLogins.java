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
 * Failed API logins per client address and tenant: logged (never the key),
 * and after too many in a window the client backs off. Keys are long random
 * tokens, so this does not protect the keys as much as it keeps a guessing
 * client from filling the logs and the CPU, and tells the operator it exists.
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
        Count c = counts.get(key(client, tenantId));
        long now = nanoClock.getAsLong();
        if (c == null || c.failures() < maxFailures || now - c.windowStart() >= windowNanos) {
            return OptionalLong.empty();
        }
        long left = c.windowStart() + windowNanos - now;
        return OptionalLong.of(Math.max(1, (left + 999_999_999L) / 1_000_000_000L));
    }

    /** A wrong key from {@code client} for {@code tenantId}. */
    public void failed(String client, String tenantId) {
        long now = nanoClock.getAsLong();
        if (counts.size() >= MAX_TRACKED) {
            prune(now);
        }
        Count c = counts.compute(key(client, tenantId), (k, old) -> old == null || now - old.windowStart() >= windowNanos
                ? new Count(now, 1) : new Count(old.windowStart(), old.failures() + 1));
        // the key is never handed to this class, so no log line can carry it
        String tenant = printable(tenantId);
        long seconds = windowNanos / 1_000_000_000L;
        if (c.failures() < maxFailures) {
            warn.accept("API key refused for tenant '" + tenant + "' from " + client + " (" + c.failures() + " of "
                    + maxFailures + " failures allowed in " + seconds + " s)");
        } else if (c.failures() == maxFailures) {
            warn.accept("API key refused for tenant '" + tenant + "' from " + client + ": " + maxFailures
                    + " failures, so its requests to that tenant are answered 429 for up to " + seconds + " s");
        }
    }

    /** A right key: the client's earlier failures for this tenant are forgotten. */
    public void succeeded(String client, String tenantId) {
        if (!counts.isEmpty()) {
            counts.remove(key(client, tenantId));
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
}
