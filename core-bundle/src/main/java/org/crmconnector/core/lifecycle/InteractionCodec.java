package org.crmconnector.core.lifecycle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.crmconnector.core.json.JsonMappers;
import org.crmconnector.core.store.StoredInteraction;
import org.crmconnector.interaction.Interaction;

/**
 * The stored form of a live interaction: the JSON of {@link StoredInteraction},
 * which changes only with the stored format, never with the exported API.
 * Unknown properties are ignored so that what an older or newer version
 * stored still reads after an upgrade or a rollback.
 */
final class InteractionCodec {

    // empty values left out: a smaller record is a smaller page to rewrite at every commit, and a field
    // left out reads back as a new interaction's default
    private final ObjectMapper mapper = JsonMappers.withIsoInstants()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .serializationInclusion(JsonInclude.Include.NON_EMPTY)
            .build();

    /**
     * A live interaction's stored form: the interaction's, and the registry's
     * own bookkeeping, which is no part of the interaction (nor of its logs).
     */
    static final class LiveForm extends StoredInteraction {
        /** Since when its screen pop is owed to the agent: set before the event that pops is answered. */
        public Instant popOwedSince;

        static LiveForm of(Interaction interaction, Instant popOwedSince) {
            LiveForm form = new LiveForm();
            form.from(interaction);
            form.popOwedSince = popOwedSince;
            return form;
        }
    }

    /** What the registry keeps of a live interaction: its data and since when its screen pop is owed (or null). */
    record Stored(Interaction interaction, Instant popOwedSince) {
    }

    private static final byte[] OWED_FIELD = "\"popOwedSince\"".getBytes(StandardCharsets.UTF_8);

    byte[] encode(Interaction interaction) {
        return encode(interaction, null);
    }

    byte[] encode(Interaction interaction, Instant popOwedSince) {
        try {
            return mapper.writeValueAsBytes(LiveForm.of(interaction, popOwedSince));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write interaction " + interaction.interactionId + " as JSON", e);
        }
    }

    /** @throws IllegalArgumentException when the bytes are not a stored interaction */
    Interaction decode(byte[] stored) {
        return read(stored).interaction();
    }

    /** @throws IllegalArgumentException when the bytes are not a stored interaction */
    Stored read(byte[] stored) {
        try {
            LiveForm interaction = mapper.readValue(stored, LiveForm.class);
            if (interaction == null) {
                throw new IllegalArgumentException("stored interaction is JSON null");
            }
            return new Stored(interaction.toInteraction(), interaction.popOwedSince);
        } catch (IOException e) {
            throw new IllegalArgumentException("stored interaction unreadable: " + e.getMessage(), e);
        }
    }

    /**
     * False when the stored bytes surely owe no pop: empty values are left out, so the field's name is absent.
     * Spares decoding every idle interaction of a shared store at each look for owed pops.
     */
    static boolean mayOwePop(byte[] stored) {
        outer:
        for (int i = 0; i + OWED_FIELD.length <= stored.length; i++) {
            for (int j = 0; j < OWED_FIELD.length; j++) {
                if (stored[i + j] != OWED_FIELD[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
