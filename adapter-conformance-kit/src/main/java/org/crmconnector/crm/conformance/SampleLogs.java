package org.crmconnector.crm.conformance;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import org.crmconnector.crm.InteractionLog;
import org.crmconnector.interaction.Channel;
import org.crmconnector.interaction.Direction;
import org.crmconnector.interaction.Interaction;
import org.crmconnector.interaction.InteractionState;

/** Interactions as the engine hands them to adapters: finished calls of tenant {@value #TENANT}. */
public final class SampleLogs {

    public static final String TENANT = "kit";
    /** The caller's number as the kit dials it; {@link FakeCrm#addCaller} stores {@link #STORED_NUMBER}. */
    public static final String CALLER = "+1 (555) 123-4567";
    public static final String STORED_NUMBER = "555-123-4567";

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private SampleLogs() {
    }

    /** A finished inbound call with a fresh id, notes and timings. */
    public static Interaction call(String prefix) {
        Interaction in = new Interaction();
        in.tenantId = TENANT;
        in.interactionId = prefix + "-" + SEQUENCE.incrementAndGet();
        in.agentId = "agent-1";
        in.channel = Channel.VOICE;
        in.direction = Direction.INBOUND;
        in.state = InteractionState.FINISHED;
        in.callerNumber = CALLER;
        in.dnis = "800";
        in.startTime = Instant.parse("2026-03-01T10:00:00Z");
        in.establishedTime = Instant.parse("2026-03-01T10:00:05Z");
        in.endTime = Instant.parse("2026-03-01T10:02:05Z");
        in.durationSeconds = 120L;
        in.subject = "Inbound call from " + CALLER;
        in.comments = "first notes of " + in.interactionId;
        in.dispositionCode = "Resolved";
        return in;
    }

    /** The first delivery of a fresh call's log. */
    public static InteractionLog log(String prefix) {
        return new InteractionLog(call(prefix), null);
    }
}
