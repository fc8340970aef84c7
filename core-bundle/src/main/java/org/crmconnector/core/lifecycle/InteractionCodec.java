package org.crmconnector.core.lifecycle;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.crmconnector.core.json.JsonMappers;
import org.crmconnector.core.store.StoredInteraction;
import org.crmconnector.core.store.StoredInteractionWriter;
import org.crmconnector.interaction.Interaction;
import org.crmconnector.store.InteractionStore.Entry;

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
     * A live interaction's stored form. {@code popOwedSince} is only read:
     * it is kept in the entry's own field now ({@link Entry#popOwedSince()}),
     * and data stored by earlier versions carries it here.
     */
    static final class LiveForm extends StoredInteraction {
        public Instant popOwedSince;
    }

    /** What the registry keeps of a live interaction: its data and since when its screen pop is owed (or null). */
    record Stored(Interaction interaction, Instant popOwedSince) {
    }

    /** The stored form of {@code interaction}: the JSON of its {@link StoredInteraction}, written straight from it. */
    byte[] encode(Interaction interaction) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator g = mapper.createGenerator(out, JsonEncoding.UTF8)) {
            StoredInteractionWriter.write(g, interaction);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write interaction " + interaction.interactionId + " as JSON", e);
        }
        return out.toByteArray();
    }

    /** The mapper the stored form is read with, for tests that hold the writer to the serializer it replaced. */
    ObjectMapper mapper() {
        return mapper;
    }

    /** @throws IllegalArgumentException when the bytes are not a stored interaction */
    Interaction decode(byte[] stored) {
        return parse(stored).toInteraction();
    }

    /**
     * A live entry's interaction and owed pop: the entry's field, or else
     * the time an earlier version kept inside the data.
     *
     * @throws IllegalArgumentException when the data is not a stored interaction
     */
    Stored read(Entry entry) {
        LiveForm form = parse(entry.data());
        return new Stored(form.toInteraction(),
                entry.popOwedSince() != null ? entry.popOwedSince() : form.popOwedSince);
    }

    private LiveForm parse(byte[] stored) {
        try {
            LiveForm form = stored == null ? null : mapper.readValue(stored, LiveForm.class);
            if (form == null) {
                throw new IllegalArgumentException("stored interaction is JSON null");
            }
            return form;
        } catch (IOException e) {
            throw new IllegalArgumentException("stored interaction unreadable: " + e.getMessage(), e);
        }
    }
}
