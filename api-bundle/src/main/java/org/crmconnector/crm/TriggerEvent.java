package org.crmconnector.crm;

import org.crmconnector.interaction.Interaction;

/** A lifecycle trigger with the interaction as it was when it fired. */
public class TriggerEvent {
    public Trigger trigger;
    public Interaction interaction;

    public TriggerEvent() {
    }

    public TriggerEvent(Trigger trigger, Interaction interaction) {
        this.trigger = trigger;
        this.interaction = interaction;
    }

    /** Idempotency key for this trigger's delivery. */
    public String key() {
        return interaction.interactionId + "#" + interaction.legId + "@" + trigger;
    }
}
