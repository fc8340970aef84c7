package org.crmconnector.core.outbox;

import static org.crmconnector.core.testing.EveryField.assertSameValues;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.crmconnector.core.outbox.StoredPayload.LogForm;
import org.crmconnector.core.testing.EveryField;
import org.crmconnector.crm.InteractionLog;
import org.junit.jupiter.api.Test;

class RecentLogsTest {

    @Test
    void aLogKeptHereIsTakenOnceThenParsed() {
        RecentLogs recent = new RecentLogs(8);
        LogForm form = LogForm.of(EveryField.filled(InteractionLog.class));
        String json = OutboxJson.write(form);
        recent.put(json, form);

        assertSame(form, recent.take(json), "the form as stored, not parsed again");
        LogForm parsed = recent.take(json);
        assertNotSame(form, parsed, "taken once: a retry parses what was stored");
        assertEquals(0, recent.size());
    }

    @Test
    void theKeptFormAndTheParsedJsonGiveTheAdapterTheSameLog() {
        InteractionLog log = EveryField.filled(InteractionLog.class);
        LogForm form = LogForm.of(log);
        String json = OutboxJson.write(form);
        RecentLogs recent = new RecentLogs(8);
        recent.put(json, form);

        assertSameValues(StoredPayload.readLog(json), recent.take(json).toLog());
        assertSameValues(log, recent.take(json).toLog());
    }

    @Test
    void itKeepsOnlyTheNewestAndParsesTheRest() {
        RecentLogs recent = new RecentLogs(2);
        LogForm[] forms = new LogForm[3];
        String[] jsons = new String[3];
        for (int i = 0; i < 3; i++) {
            InteractionLog log = EveryField.filled(InteractionLog.class);
            log.interaction.interactionId = "call-" + i;
            forms[i] = LogForm.of(log);
            jsons[i] = OutboxJson.write(forms[i]);
            recent.put(jsons[i], forms[i]);
        }
        assertEquals(2, recent.size());
        assertNotSame(forms[0], recent.take(jsons[0]), "the eldest was let go");
        assertEquals("call-0", recent.take(jsons[0]).interaction.interactionId);
        assertSame(forms[2], recent.take(jsons[2]));
    }

    @Test
    void aStoredValueThatIsNoLogIsRefusedAsBefore() {
        assertThrows(IllegalArgumentException.class, () -> new RecentLogs(2).take("{\"interaction\": 5}"));
    }
}
