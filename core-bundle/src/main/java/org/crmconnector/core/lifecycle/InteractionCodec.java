package org.crmconnector.core.lifecycle;

import java.io.IOException;

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

    byte[] encode(Interaction interaction) {
        try {
            return mapper.writeValueAsBytes(StoredInteraction.of(interaction));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write interaction " + interaction.interactionId + " as JSON", e);
        }
    }

    /** @throws IllegalArgumentException when the bytes are not a stored interaction */
    Interaction decode(byte[] stored) {
        try {
            StoredInteraction interaction = mapper.readValue(stored, StoredInteraction.class);
            if (interaction == null) {
                throw new IllegalArgumentException("stored interaction is JSON null");
            }
            return interaction.toInteraction();
        } catch (IOException e) {
            throw new IllegalArgumentException("stored interaction unreadable: " + e.getMessage(), e);
        }
    }
}
