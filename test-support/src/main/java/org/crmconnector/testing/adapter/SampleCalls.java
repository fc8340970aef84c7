package org.crmconnector.testing.adapter;

import java.time.Instant;

import org.crmconnector.crm.CrmRecordRef;
import org.crmconnector.crm.InteractionAddition;
import org.crmconnector.crm.InteractionAddition.Kind;
import org.crmconnector.crm.InteractionLog;
import org.crmconnector.crm.ScreenPopRequest;
import org.crmconnector.interaction.Interaction;

/**
 * What adapter tests hand an adapter: an ended two-minute call of tenant
 * {@code t1} from {@code +15551234567}, its log, an addition to it, and a
 * screen-pop request.
 */
public final class SampleCalls {

    private SampleCalls() {
    }

    /** A screen-pop request for {@code ani}, with an interaction {@code pop-<ani>}. */
    public static ScreenPopRequest call(String ani) {
        ScreenPopRequest request = new ScreenPopRequest();
        request.ani = ani;
        request.interaction = interaction("pop-" + ani);
        return request;
    }

    /** An ended call of tenant {@code t1}: started 10:00:00, answered 10:00:05, ended 10:02:05. */
    public static Interaction interaction(String id) {
        Interaction interaction = new Interaction();
        interaction.tenantId = "t1";
        interaction.interactionId = id;
        interaction.callerNumber = "+15551234567";
        interaction.startTime = Instant.parse("2026-03-01T10:00:00Z");
        interaction.establishedTime = Instant.parse("2026-03-01T10:00:05Z");
        interaction.endTime = Instant.parse("2026-03-01T10:02:05Z");
        return interaction;
    }

    /** The log of {@link #interaction(String)}, with no record yet. */
    public static InteractionLog log(String id) {
        return new InteractionLog(interaction(id), null);
    }

    /**
     * An addition of {@code kind} to call {@code c1} of tenant {@code t1}:
     * {@code content} is the URL of a recording, the text of the others.
     */
    public static InteractionAddition addition(String key, Kind kind, String content, CrmRecordRef record) {
        InteractionAddition a = new InteractionAddition();
        a.tenantId = "t1";
        a.interactionId = "c1";
        a.additionKey = key;
        a.kind = kind;
        if (kind == Kind.RECORDING) {
            a.url = content;
        } else {
            a.text = content;
        }
        a.record = record;
        return a;
    }
}
