package org.crmconnector.core.lifecycle;

import static org.crmconnector.core.testing.EveryField.assertSameValues;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;

import org.crmconnector.core.testing.EveryField;
import org.crmconnector.interaction.Interaction;
import org.junit.jupiter.api.Test;

class InteractionCodecTest {

    private final InteractionCodec codec = new InteractionCodec();

    @Test
    void everyFieldOfAnInteractionSurvivesTheStore() {
        Interaction original = EveryField.filled(Interaction.class);
        assertSameValues(original, codec.decode(codec.encode(original)));
    }

    @Test
    void aFreshInteractionComesBackAsFreshWithItsEmptyValuesLeftOut() {
        Interaction fresh = new Interaction();
        fresh.interactionId = "c1";
        assertSameValues(fresh, codec.decode(codec.encode(fresh)));
    }

    @Test
    void whatIsNotAStoredInteractionIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> codec.decode("null".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IllegalArgumentException.class, () -> codec.decode("{\"channel\":".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IllegalArgumentException.class,
                () -> codec.decode("{\"channel\":\"CARRIER_PIGEON\"}".getBytes(StandardCharsets.UTF_8)));
    }
}
