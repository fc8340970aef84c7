package org.crmconnector.core.outbox;

import static org.crmconnector.core.testing.EveryField.assertSameValues;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;

import org.crmconnector.core.outbox.StoredPayload.LogForm;
import org.crmconnector.core.testing.EveryField;
import org.crmconnector.crm.InteractionLog;
import org.crmconnector.store.OutboxItem;
import org.junit.jupiter.api.Test;

class RecentLogsTest {

    private static OutboxItem item(String tenantId, String key, String json) {
        return new OutboxItem(tenantId, OutboxItem.Kind.LOG, key, json, Instant.EPOCH);
    }

    private static LogForm form(String interactionId) {
        InteractionLog log = EveryField.filled(InteractionLog.class);
        log.interaction.interactionId = interactionId;
        return LogForm.of(log);
    }

    @Test
    void aLogKeptHereIsTakenOnceThenParsed() {
        RecentLogs recent = new RecentLogs(1_000_000);
        LogForm form = form("call-1");
        String json = OutboxJson.write(form);
        recent.put("acme", "call-1", json, form);

        assertSame(form, recent.take(item("acme", "call-1", json)), "the form as stored, not parsed again");
        LogForm parsed = recent.take(item("acme", "call-1", json));
        assertNotSame(form, parsed, "taken once: a retry parses what was stored");
        assertEquals(0, recent.size());
    }

    @Test
    void theKeptFormAndTheParsedJsonGiveTheAdapterTheSameLog() {
        InteractionLog log = EveryField.filled(InteractionLog.class);
        LogForm form = LogForm.of(log);
        String json = OutboxJson.write(form);
        RecentLogs recent = new RecentLogs(1_000_000);
        recent.put("acme", "k", json, form);

        assertSameValues(StoredPayload.readLog(json), recent.take(item("acme", "k", json)).toLog());
        assertSameValues(log, recent.take(item("acme", "k", json)).toLog());
    }

    @Test
    void aNewerLogOfTheKeyTakesThePlaceOfTheOlderWhichIsParsedIfStillDelivered() {
        RecentLogs recent = new RecentLogs(1_000_000);
        LogForm ended = form("call-1");
        String endedJson = OutboxJson.write(ended);
        recent.put("acme", "call-1", endedJson, ended);
        LogForm wrapUp = form("call-1");
        wrapUp.interaction.callerName = "wrapped up";
        String wrapUpJson = OutboxJson.write(wrapUp);
        recent.put("acme", "call-1", wrapUpJson, wrapUp);
        assertEquals(1, recent.size(), "the merged-away form holds no place");

        LogForm older = recent.take(item("acme", "call-1", endedJson));
        assertNotSame(ended, older, "an item still holding the older JSON gets exactly that, parsed");
        assertEquals(ended.interaction.callerName, older.interaction.callerName);
        assertSame(wrapUp, recent.take(item("acme", "call-1", wrapUpJson)));
    }

    @Test
    void aFormServesOnlyItsOwnTenantAndKey() {
        RecentLogs recent = new RecentLogs(1_000_000);
        LogForm form = form("call-1");
        String json = OutboxJson.write(form);
        recent.put("acme", "call-1", json, form);
        assertNotSame(form, recent.take(item("other", "call-1", json)));
        assertNotSame(form, recent.take(item("acme", "call-2", json)));
        assertSame(form, recent.take(item("acme", "call-1", json)));
    }

    @Test
    void itKeepsTheNewestWithinItsBudgetAndParsesTheRest() {
        LogForm[] forms = new LogForm[3];
        String[] jsons = new String[3];
        for (int i = 0; i < 3; i++) {
            forms[i] = form("call-" + i);
            jsons[i] = OutboxJson.write(forms[i]);
        }
        RecentLogs recent = new RecentLogs(jsons[1].length() + jsons[2].length());
        for (int i = 0; i < 3; i++) {
            recent.put("acme", "call-" + i, jsons[i], forms[i]);
        }
        assertEquals(2, recent.size());
        LogForm eldest = recent.take(item("acme", "call-0", jsons[0]));
        assertNotSame(forms[0], eldest, "the eldest was let go");
        assertEquals("call-0", eldest.interaction.interactionId);
        assertSame(forms[2], recent.take(item("acme", "call-2", jsons[2])));
    }

    @Test
    void aTakenOrReplacedFormGivesBackItsShareOfTheBudget() {
        LogForm a = form("call-a");
        LogForm b = form("call-b");
        LogForm c = form("call-c");
        String ja = OutboxJson.write(a);
        String jb = OutboxJson.write(b);
        String jc = OutboxJson.write(c);
        RecentLogs recent = new RecentLogs(ja.length() + jb.length());
        recent.put("acme", "call-a", ja, a);
        recent.put("acme", "call-b", jb, b);
        assertSame(a, recent.take(item("acme", "call-a", ja)));
        recent.put("acme", "call-c", jc, c);
        recent.put("acme", "call-c", jc, c); // the same key again: replaced, not counted twice
        assertEquals(2, recent.size());
        assertSame(b, recent.take(item("acme", "call-b", jb)), "room was made by the take, not by letting b go");
        assertSame(c, recent.take(item("acme", "call-c", jc)));
    }

    @Test
    void aStoredValueThatIsNoLogIsRefusedAsBefore() {
        assertThrows(IllegalArgumentException.class,
                () -> new RecentLogs(1_000_000).take(item("acme", "k", "{\"interaction\": 5}")));
    }
}
