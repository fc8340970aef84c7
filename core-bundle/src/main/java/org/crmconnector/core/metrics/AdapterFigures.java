package org.crmconnector.core.metrics;

/**
 * Calls made to one adapter instance: requests and failures since start,
 * latency percentiles of recent calls in milliseconds (-1 when no call was made).
 */
public record AdapterFigures(String instance, long requests, long failures, double p50Millis, double p99Millis) {
}
