package org.crmconnector.crm.salesforce.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The org's daily API consumption as last reported in {@code Sforce-Limit-Info}
 * ({@code api-usage=18/5000}, possibly with {@code per-app-api-usage=17/250(appName=x)}).
 * Above the threshold, deferrable work pauses; one call per back-off interval
 * still goes out so that we learn when the rolling 24-hour count has dropped.
 */
public final class ApiUsage {

    private static final Pattern USAGE = Pattern.compile("(?:^|[,;\\s])(?:per-app-)?api-usage=(\\d+)/(\\d+)");

    private final Clock clock;
    private final double threshold;
    private final Duration backoff;

    private volatile double ratio;
    private volatile Instant observedAt = Instant.MIN;
    private volatile String lastHeader = "";

    /** @param thresholdPercent from this share of the allocation on, deferrable calls pause */
    public ApiUsage(Clock clock, int thresholdPercent, Duration backoff) {
        this.clock = clock;
        this.threshold = thresholdPercent / 100.0;
        this.backoff = backoff;
    }

    /** Records a response's header; the tightest of the org and per-app counts counts. */
    public void observe(String header) {
        if (header == null) {
            return;
        }
        double highest = -1;
        Matcher m = USAGE.matcher(header);
        while (m.find()) {
            long used = Long.parseLong(m.group(1));
            long max = Long.parseLong(m.group(2));
            if (max > 0) {
                highest = Math.max(highest, (double) used / max);
            }
        }
        if (highest >= 0) {
            ratio = highest;
            observedAt = clock.instant();
            lastHeader = header;
        }
    }

    /**
     * How long deferrable work should wait, or empty to go ahead. Observing a
     * fresh header (from any call) re-evaluates this.
     */
    public Optional<Duration> pause() {
        if (ratio < threshold) {
            return Optional.empty();
        }
        Duration since = Duration.between(observedAt, clock.instant());
        return since.compareTo(backoff) < 0 ? Optional.of(backoff.minus(since)) : Optional.empty();
    }

    public Duration backoff() {
        return backoff;
    }

    /** The share of the allocation used, 0 to 1, as of the last header; negative before any. */
    public double ratio() {
        return lastHeader.isEmpty() ? -1 : ratio;
    }

    public Instant observedAt() {
        return observedAt;
    }

    /** The last header seen, for messages. */
    public String lastHeader() {
        return lastHeader;
    }
}
