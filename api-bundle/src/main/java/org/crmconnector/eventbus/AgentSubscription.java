package org.crmconnector.eventbus;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Interest in one topic, taken with {@link AgentEventBus#subscribe}, started
 * once with {@link #start}, ended with {@link #close}. While open it keeps
 * the topic's events retained (an implementation that forgets idle topics
 * does not forget this one).
 */
@ProviderType
public interface AgentSubscription extends AutoCloseable {

    /** What {@link #start} takes for "live events only, no replay". */
    long NO_REPLAY = -1;

    AgentTopic topic();

    /**
     * Delivers to {@code listener} first the retained events with an id
     * greater than {@code afterId}, oldest first, then every event published
     * later, until {@link #close}. Resuming is gap-free and duplicate-free
     * across the switch from replay to live: each event id reaches the
     * listener at most once, in increasing order, and every event published
     * after this call returns reaches it while the subscription is open.
     * Events the implementation no longer retains (past its size or time
     * limit) are skipped; as ids are consecutive, the listener sees the gap.
     * <p>
     * An {@code afterId} at or past the topic's last id replays nothing
     * (as after a restart of a bus whose ids do not survive one).
     *
     * @param afterId the last id the subscriber has (an SSE client's
     *            {@code Last-Event-ID}), or {@link #NO_REPLAY}
     * @throws IllegalStateException when started before or already closed
     */
    void start(long afterId, AgentEventListener listener);

    /**
     * Ends the subscription: no event reaches its listener after this
     * returns (one being delivered on another thread at that moment may
     * still finish). Idempotent.
     */
    @Override
    void close();
}
