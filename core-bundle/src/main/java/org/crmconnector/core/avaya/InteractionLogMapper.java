package org.crmconnector.core.avaya;
import com.fasterxml.jackson.databind.JsonNode;
import org.crmconnector.interaction.Interaction;
public final class InteractionLogMapper {
    public Interaction map(JsonNode data) { Interaction i = new Interaction(); JsonNode b = data.path("message").path("body"); i.interactionId = b.path("interactionId").asText(null); if (i.interactionId == null) throw new IllegalArgumentException("requestSaveInteractionLog: interactionId is missing"); return i; }
    public ScreenPopMessage parseScreenPop(JsonNode data) { return new ScreenPopMessage(data.path("aniValues").path(0).asText(null), null, null, data.path("allowScreenPop").asBoolean(true), java.util.Map.of(), new Interaction()); }
}
