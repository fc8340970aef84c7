package org.crmconnector.crm;

import java.util.LinkedHashMap;
import java.util.Map;

import org.crmconnector.interaction.Interaction;

/** What the engine knows when it asks an adapter whom to pop (seed 000). */
public class ScreenPopRequest {
    /** The caller's number, first non-empty of seed 000's {@code aniValues}; may be null. */
    public String ani;
    /** The number called, first non-empty of {@code dnisValues}; may be null. */
    public String dnis;
    /** Attached data to search by (CAVs, engagement parameters, interactionData fields). */
    public Map<String, String> attachedData = new LinkedHashMap<>();
    /** The interaction as it is now. */
    public Interaction interaction;
}
