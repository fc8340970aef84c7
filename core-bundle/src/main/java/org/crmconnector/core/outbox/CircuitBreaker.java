package org.crmconnector.core.outbox;

import java.time.Duration;
import java.time.Instant;

/**
 * The circuit of one adapter instance. After enough consecutive failures it
 * opens: nothing is claimed for that instance, so items wait without using
 * attempts or workers. When the open time is over, one probe delivery is let
 * through; its success closes the circuit, its failure opens it again.
 */
final class CircuitBreaker {

    enum State {
        CLOSED,
        OPEN,
        HALF_OPEN
    }

    private final int threshold;
    private final Duration openFor;
    private State state = State.CLOSED;
    private int failures;
    private Instant openUntil = Instant.MIN;
    private boolean probing;

    CircuitBreaker(int threshold, Duration openFor) {
        this.threshold = Math.max(1, threshold);
        this.openFor = openFor;
    }

    /** Whether new work may be claimed for this instance now; in half-open state only one probe at a time. */
    synchronized boolean tryAcquire(Instant now) {
        switch (state) {
            case CLOSED:
                return true;
            case OPEN:
                if (now.isBefore(openUntil)) {
                    return false;
                }
                state = State.HALF_OPEN;
                probing = true;
                return true;
            default:
                if (probing) {
                    return false;
                }
                probing = true;
                return true;
        }
    }

    /** Whether work already claimed must be handed back instead of delivered. */
    synchronized boolean rejects(Instant now) {
        return state == State.OPEN && now.isBefore(openUntil);
    }

    /** Whether the next claim for this instance is a single probe. */
    synchronized boolean probing() {
        return state == State.HALF_OPEN;
    }

    synchronized void success() {
        state = State.CLOSED;
        failures = 0;
        probing = false;
    }

    /** Returns true when this failure opened the circuit. */
    synchronized boolean failure(Instant now) {
        failures++;
        probing = false;
        if (state == State.HALF_OPEN || (state == State.CLOSED && failures >= threshold)) {
            state = State.OPEN;
            openUntil = now.plus(openFor);
            return true;
        }
        return false;
    }

    /** A probe that did not reach the CRM (adapter gone) lets the next one try. */
    synchronized void abandonProbe() {
        probing = false;
    }

    synchronized State state(Instant now) {
        return state == State.OPEN && !now.isBefore(openUntil) ? State.HALF_OPEN : state;
    }

    synchronized Instant openUntil() {
        return openUntil;
    }
}
