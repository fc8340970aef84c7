package org.crmconnector.core.avaya;
import org.crmconnector.interaction.Interaction;
public record ScreenPopMessage(String ani, String dnis, String interactionId, boolean allowScreenPop, java.util.Map<String,String> attachedData, Interaction interaction) {}
