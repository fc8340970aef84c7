package org.crmconnector.core.outbox;

import org.crmconnector.core.store.StoredInteraction;
import org.crmconnector.crm.DispositionUpdate;
import org.crmconnector.crm.InteractionAddition;
import org.crmconnector.crm.InteractionLog;
import org.crmconnector.crm.Trigger;
import org.crmconnector.crm.TriggerEvent;
import org.crmconnector.store.OutboxItem;

/**
 * Payloads as the outbox stores them: the API objects of an item's
 * {@link OutboxItem.Kind} are converted to forms of the outbox's own before
 * they are written, and back when they are read. The API can then grow or
 * change without the stored format following it by accident; the field names
 * are those the stored JSON has always had.
 */
final class StoredPayload {

    private StoredPayload() {
    }

    /** The stored JSON of an {@link InteractionLog}, {@link DispositionUpdate}, {@link TriggerEvent} or {@link InteractionAddition}. */
    static String write(Object payload) {
        if (payload instanceof InteractionLog log) {
            return OutboxJson.write(LogForm.of(log));
        } else if (payload instanceof DispositionUpdate update) {
            return OutboxJson.write(DispositionForm.of(update));
        } else if (payload instanceof TriggerEvent event) {
            return OutboxJson.write(TriggerForm.of(event));
        } else if (payload instanceof InteractionAddition addition) {
            return OutboxJson.write(AdditionForm.of(addition));
        }
        throw new IllegalArgumentException("Not an outbox payload: " + payload.getClass().getName());
    }

    /** @throws IllegalArgumentException when the JSON is not a stored log */
    static InteractionLog readLog(String json) {
        return parseLog(json).toLog();
    }

    /** @throws IllegalArgumentException when the JSON is not a stored log */
    static LogForm parseLog(String json) {
        return OutboxJson.read(json, LogForm.class);
    }

    /** @throws IllegalArgumentException when the JSON is not a stored disposition update */
    static DispositionUpdate readDisposition(String json) {
        return OutboxJson.read(json, DispositionForm.class).toUpdate();
    }

    /** @throws IllegalArgumentException when the JSON is not a stored trigger */
    static TriggerEvent readTrigger(String json) {
        return OutboxJson.read(json, TriggerForm.class).toEvent();
    }

    /** @throws IllegalArgumentException when the JSON is not a stored addition */
    static InteractionAddition readAddition(String json) {
        return OutboxJson.read(json, AdditionForm.class).toAddition();
    }

    /** The stored form of an {@link InteractionAddition}; the kind by name, the record looked up at delivery. */
    public static class AdditionForm {
        public String tenantId;
        public String interactionId;
        public int legId;
        public String additionKey;
        public String kind;
        public String url;
        public String text;

        static AdditionForm of(InteractionAddition addition) {
            AdditionForm s = new AdditionForm();
            s.tenantId = addition.tenantId;
            s.interactionId = addition.interactionId;
            s.legId = addition.legId;
            s.additionKey = addition.additionKey;
            s.kind = addition.kind == null ? null : addition.kind.name();
            s.url = addition.url;
            s.text = addition.text;
            return s;
        }

        InteractionAddition toAddition() {
            if (interactionId == null || additionKey == null || kind == null) {
                throw new IllegalArgumentException("an addition needs an interaction, a key and a kind");
            }
            InteractionAddition a = new InteractionAddition();
            a.tenantId = tenantId;
            a.interactionId = interactionId;
            a.legId = legId;
            a.additionKey = additionKey;
            try {
                a.kind = InteractionAddition.Kind.valueOf(kind);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("no addition kind is named " + kind, e);
            }
            a.url = url;
            a.text = text;
            return a;
        }
    }

    /** The stored form of an {@link InteractionLog}. */
    public static class LogForm {
        public StoredInteraction interaction;
        public StoredRecord existingRecord;

        static LogForm of(InteractionLog log) {
            LogForm s = new LogForm();
            s.interaction = StoredInteraction.of(log.interaction);
            s.existingRecord = StoredRecord.of(log.existingRecord);
            return s;
        }

        InteractionLog toLog() {
            return new InteractionLog(interaction == null ? null : interaction.toInteraction(),
                    existingRecord == null ? null : existingRecord.toRecordRef());
        }
    }

    /** The stored form of a {@link DispositionUpdate}. */
    public static class DispositionForm {
        public StoredInteraction interaction;
        public String dispositionCode;
        public StoredRecord record;

        static DispositionForm of(DispositionUpdate update) {
            DispositionForm s = new DispositionForm();
            s.interaction = StoredInteraction.of(update.interaction);
            s.dispositionCode = update.dispositionCode;
            s.record = StoredRecord.of(update.record);
            return s;
        }

        DispositionUpdate toUpdate() {
            return new DispositionUpdate(interaction == null ? null : interaction.toInteraction(), dispositionCode,
                    record == null ? null : record.toRecordRef());
        }
    }

    /** The stored form of a {@link TriggerEvent}; the trigger by name. */
    public static class TriggerForm {
        public String trigger;
        public StoredInteraction interaction;

        static TriggerForm of(TriggerEvent event) {
            TriggerForm s = new TriggerForm();
            s.trigger = event.trigger == null ? null : event.trigger.name();
            s.interaction = StoredInteraction.of(event.interaction);
            return s;
        }

        TriggerEvent toEvent() {
            Trigger t;
            try {
                t = trigger == null ? null : Trigger.valueOf(trigger);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("no Trigger is named " + trigger, e);
            }
            return new TriggerEvent(t, interaction == null ? null : interaction.toInteraction());
        }
    }
}
