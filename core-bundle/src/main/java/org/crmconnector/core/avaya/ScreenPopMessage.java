package org.crmconnector.core.avaya;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.crmconnector.interaction.Interaction;

/**
 * A parsed {@code requestPerformInteractionScreenPop} (seed 000).
 *
 * @param ani the first non-empty of {@code aniValues}, else the interaction's ANI; may be null
 * @param dnis the first non-empty of {@code dnisValues}, else the interaction's DNIS; may be null
 * @param interactionId {@code interactionData.interactionId} or {@code .id}; may be null
 * @param allowScreenPop false only when the connector says so
 * @param attachedData scalar members of {@code interactionData} (objects flattened one level as
 *        {@code parent.child}) and of its {@code intrinsics}; never null, unmodifiable
 * @param interaction what {@code interactionData} maps to; never null
 */
public record ScreenPopMessage(String ani, String dnis, String interactionId, boolean allowScreenPop,
        Map<String, String> attachedData, Interaction interaction) {

    public ScreenPopMessage {
        attachedData = attachedData == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(attachedData));
    }
}
