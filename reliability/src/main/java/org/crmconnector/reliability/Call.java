package org.crmconnector.reliability;

/** One call of the load: its plan (agent, wrap-up, gaps between events) and how far it got. */
final class Call {
    final String id;
    final String agent;
    final String ani;
    final boolean wrapUp;
    final String disposition;
    final String notes;
    final long[] gaps;
    final long startEpochMs;
    final long startNanos;
    final int[] status = new int[4];
    /** Index of the last event answered 2xx (or applied by state), -1 before incomingCall. */
    volatile int progress = -1;
    volatile boolean inFlight;
    volatile int resends;
    volatile String popStatus = "-";
    volatile long popNanos = -1;
    /**
     * The node that settled incomingCall (its index in the load's --base list), and when (epoch ms); -1 before.
     * For one applied by a node that then stopped answering, that node, and when the request was sent to it.
     */
    volatile int offerNode = -1;
    volatile long offerSettledMs = -1;
    /** The call's number in the load: event k goes to node (seq + k) mod the number of nodes first. */
    final int seq;

    Call(int seq, String id, String agent, String ani, boolean wrapUp, String disposition, long[] gaps) {
        this.seq = seq;
        this.id = id;
        this.agent = agent;
        this.ani = ani;
        this.wrapUp = wrapUp;
        this.disposition = disposition;
        this.notes = "wrap-up of " + id + ": " + disposition;
        this.gaps = gaps;
        this.startEpochMs = System.currentTimeMillis();
        this.startNanos = System.nanoTime();
    }

    int lastEvent() {
        return wrapUp ? 3 : 2;
    }
}
