package org.crmconnector.core.outbox;

import org.crmconnector.core.store.StoredInteraction;
import org.crmconnector.crm.DispositionUpdate;
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

    /** The stored JSON of an {@link InteractionLog}, {@link DispositionUpdate} or {@link TriggerEvent}. */
    static String write(Object payload) {
        if (payload instanceof InteractionLog log) {
            return OutboxJson.write(LogForm.of(log));
        } else if (payload instanceof DispositionUpdate update) {
            return OutboxJson.write(DispositionForm.of(update));
        } else if (payload instanceof TriggerEvent event) {
            return OutboxJson.write(TriggerForm.of(event));
        }
        throw new IllegalArgumentException("Not an outbox payload: " + payload.getClass().getName());
    }

    /** @throws IllegalArgumentException when the JSON is not a stored log */
    static InteractionLog readLog(String json) {
        return OutboxJson.read(json, LogForm.class).toLog();
    }

    /** @throws IllegalArgumentException when the JSON is not a stored disposition update */
    static DispositionUpdate readDisposition(String json) {
        return OutboxJson.read(json, DispositionForm.class).toUpdate();
    }

    /** @throws IllegalArgumentException when the JSON is not a stored trigger */
    static TriggerEvent readTrigger(String json) {
        return OutboxJson.read(json, TriggerForm.class).toEvent();
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
