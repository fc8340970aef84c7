package org.crmconnector.core.lifecycle;

import static org.crmconnector.core.testing.EveryField.assertSameValues;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.crmconnector.core.testing.EveryField;
import org.crmconnector.core.store.StoredInteraction;
import org.crmconnector.interaction.Cav;
import org.crmconnector.interaction.CrmObject;
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

    /** The writer replaced a bean serializer: what it writes must be what that wrote, byte for byte. */
    @Test
    void theWriterWritesWhatSerialisingTheStoredFormWrote() throws Exception {
        Interaction edges = new Interaction();
        edges.interactionId = "c1";
        edges.callerName = ""; // empty: left out, as NON_EMPTY left it out
        edges.attributes.put("blank", "");
        edges.attributes.put("none", null);
        edges.engagementParameters.put("nested", Map.of("list", List.of(1, "two", true)));
        edges.engagementParameters.put("number", 42);
        edges.engagementParameters.put("nothing", null);
        edges.engagementParameters.put("noList", List.of());
        edges.engagementParameters.put("noMap", Map.of());
        Map<String, Object> inner = new java.util.LinkedHashMap<>();
        inner.put("gone", null);
        inner.put("blank", "");
        inner.put("kept", "x");
        edges.customFields.put("inner", inner);
        edges.customFields.put("zero", 0);
        Map<String, Object> allEmpty = new java.util.LinkedHashMap<>();
        allEmpty.put("line2", "");
        allEmpty.put("deeper", Map.of("none", List.of()));
        Interaction onlyEmpties = new Interaction();
        onlyEmpties.customFields.put("addr", allEmpty); // left out whole: every value in it is empty
        onlyEmpties.engagementParameters.put("list", java.util.Arrays.asList(null, "", Map.of()));
        Map<String, Object> half = new java.util.LinkedHashMap<>(allEmpty);
        half.put("city", "Berlin");
        onlyEmpties.engagementParameters.put("half", half);
        edges.settings.put("recording", false);
        edges.cavs.add(null);
        edges.cavs.add(new Cav("1", "", null, "v"));
        edges.workCodes.add("");
        edges.visitedObjects.add(new CrmObject("003", "Contact", "", false, false));
        edges.draftAttachments.add(Map.of("name", "a.pdf"));
        edges.priority = 0;
        edges.durationSeconds = 0L;
        edges.draftSavedSuccessfully = false;
        edges.startTime = Instant.parse("2026-12-06T07:30:00.123456789Z");
        edges.endTime = Instant.parse("2026-12-06T07:31:00Z");
        for (Interaction i : List.of(EveryField.filled(Interaction.class), new Interaction(), edges, onlyEmpties)) {
            String before = new String(codec.mapper().writeValueAsBytes(StoredInteraction.of(i)), StandardCharsets.UTF_8);
            assertEquals(before, new String(codec.encode(i), StandardCharsets.UTF_8));
        }
    }

    @Test
    void whatIsNotAStoredInteractionIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> codec.decode("null".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IllegalArgumentException.class, () -> codec.decode("{\"channel\":".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IllegalArgumentException.class,
                () -> codec.decode("{\"channel\":\"CARRIER_PIGEON\"}".getBytes(StandardCharsets.UTF_8)));
    }
}
