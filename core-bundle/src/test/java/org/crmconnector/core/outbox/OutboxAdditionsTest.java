package org.crmconnector.core.outbox;

import static org.crmconnector.core.outbox.TestSupport.T0;
import static org.crmconnector.core.outbox.TestSupport.await;
import static org.crmconnector.core.outbox.TestSupport.bind;
import static org.crmconnector.core.outbox.TestSupport.interaction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.crmconnector.core.routing.AdapterRouter;
import org.crmconnector.crm.CrmRecordRef;
import org.crmconnector.crm.DeliveryResult;
import org.crmconnector.crm.InteractionAddition;
import org.crmconnector.crm.InteractionLog;
import org.crmconnector.store.OutboxItem;
import org.crmconnector.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Additions travel behind their interaction's log and are remembered once delivered; unlogged logs are listed. */
class OutboxAdditionsTest {

    private static final String ACME = "acme";

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);
    private final AdapterRouter router = new AdapterRouter();
    private final FakeCrm crm = new FakeCrm();
    private Outbox outbox;

    @AfterEach
    void closeOutbox() {
        if (outbox != null) {
            outbox.close();
        }
    }

    private void open() {
        outbox = new Outbox(TestSupport.config(Map.of("backoff_base_millis", 1000L, "max_attempts", 3)),
                TestSupport.NODE, new MvStoreOutboxStore(dir), tenantId -> Optional.of("crm-acme"), router, clock,
                () -> 0.5);
    }

    private void log(String interactionId) {
        outbox.enqueue(ACME, OutboxItem.Kind.LOG, null, new InteractionLog(interaction(ACME, interactionId), null));
    }

    private static InteractionAddition addition(String interactionId, String key) {
        InteractionAddition a = new InteractionAddition();
        a.tenantId = ACME;
        a.interactionId = interactionId;
        a.additionKey = key;
        a.kind = InteractionAddition.Kind.RECORDING;
        a.url = "https://rec.example/" + key;
        return a;
    }

    @Test
    void anAdditionFollowsItsLogWithTheLogsRecordAndIsRememberedWithoutReplacingIt() {
        open();
        log("i1");
        InteractionAddition rec = addition("i1", "rec-1");
        assertTrue(outbox.logWaiting(ACME, "i1"));
        assertFalse(outbox.additionKnown(ACME, rec));
        outbox.enqueue(ACME, OutboxItem.Kind.ADDITION, "i1", rec);
        assertTrue(outbox.additionKnown(ACME, rec), "a waiting addition is known by its key");

        bind(router, "crm-acme", crm, 1);
        await("the addition delivered", () -> crm.additions.size() == 1);
        assertEquals(List.of("LOG:i1", "ADDITION:i1/rec-1"), crm.calls);
        InteractionAddition delivered = crm.additions.get(0);
        assertEquals("T-i1", delivered.record.id, "the addition names the record the log wrote");
        assertEquals("https://rec.example/rec-1", delivered.url);
        assertEquals("acme:i1/rec-1", delivered.tenantKey());
        await("nothing left", () -> outbox.stats(ACME).pending() == 0);
        assertTrue(outbox.additionKnown(ACME, rec), "a delivered addition is remembered by its key");
        assertFalse(outbox.logWaiting(ACME, "i1"));
        assertEquals(Optional.of(T0), outbox.logReachedCrmAt(ACME, "i1"));

        // the addition's answer never takes the place of the log's record: a later log still updates T-i1
        crm.onAddition = a -> DeliveryResult.ok(new CrmRecordRef("Note", "N-1", null));
        outbox.enqueue(ACME, OutboxItem.Kind.ADDITION, "i1", addition("i1", "sum-1"));
        await("second addition", () -> crm.additions.size() == 2);
        log("i1");
        await("log again", () -> crm.logCount() == 2);
        assertEquals("T-i1", crm.logBatches.get(1).get(0).existingRecord.id);
    }

    @Test
    void aLogWithoutARecordStillCountsAsReachingTheCrm() {
        crm.onLog = l -> DeliveryResult.ok();
        bind(router, "crm-acme", crm, 1);
        open();
        log("i1");
        await("logged", () -> crm.logCount() == 1 && outbox.stats(ACME).pending() == 0);
        assertEquals(Optional.of(T0), outbox.logReachedCrmAt(ACME, "i1"));
        assertEquals(Optional.empty(), outbox.logReachedCrmAt(ACME, "i2"));
    }

    @Test
    void anAdditionWaitsBehindADeadLogUntilTheLogIsRetried() {
        crm.onLog = l -> DeliveryResult.cancel("FIELD_CUSTOM_VALIDATION_EXCEPTION");
        bind(router, "crm-acme", crm, 1);
        open();
        log("i1");
        await("the log is dead", () -> outbox.deadLetters(ACME).size() == 1);
        outbox.enqueue(ACME, OutboxItem.Kind.ADDITION, "i1", addition("i1", "rec-1"));
        await("the addition was held back once", () -> outbox.stats(ACME).failed() == 1);
        assertTrue(crm.additions.isEmpty(), "nothing was added to a record that does not exist");
        OutboxItem held = outbox.unlogged(ACME, 10).get(0).item();
        assertEquals(UnloggedState.CANCELLED, UnloggedState.of(held));

        crm.onLog = l -> DeliveryResult.ok(new CrmRecordRef("Task", "T-" + l.key(), null));
        assertTrue(outbox.retryDeadLetter(ACME, held.id));
        await("the log delivered", () -> crm.logCount() == 2);
        clock.advance(Duration.ofMinutes(5));
        outbox.wakeUp();
        await("the addition delivered", () -> crm.additions.size() == 1);
        assertEquals("T-i1", crm.additions.get(0).record.id);
    }

    @Test
    void anAdapterThatTakesNoAdditionsMakesThemDeadLettersSayingSo() {
        crm.onAddition = null;
        bind(router, "crm-acme", crm, 1);
        open();
        log("i1");
        outbox.enqueue(ACME, OutboxItem.Kind.ADDITION, "i1", addition("i1", "rec-1"));
        await("a dead letter", () -> outbox.deadLetters(ACME).size() == 1);
        OutboxItem dead = outbox.deadLetters(ACME).get(0);
        assertEquals(OutboxItem.Kind.ADDITION, dead.kind);
        assertEquals("CRM refused it: This adapter does not take additions", dead.lastError);
        assertTrue(outbox.unlogged(ACME, 10).isEmpty(), "the log itself is in the CRM");
    }

    @Test
    void unloggedListsWaitingRetryingDeadAndRefusedLogsWithTheirInteraction() {
        open();
        log("waiting");
        assertEquals(1, outbox.unloggedCount(ACME));
        List<Outbox.Unlogged> list = outbox.unlogged(ACME, 10);
        assertEquals(UnloggedState.PENDING, UnloggedState.of(list.get(0).item()));
        assertEquals("waiting", list.get(0).interaction().interactionId);
        assertNull(list.get(0).item().payload, "the listing carries the interaction, not the stored JSON");

        crm.onLog = l -> switch (l.key()) {
            case "waiting" -> DeliveryResult.retry("503 Service Unavailable");
            case "refused" -> DeliveryResult.cancel("REQUIRED_FIELD_MISSING");
            default -> DeliveryResult.ok(new CrmRecordRef("Task", "T-" + l.key(), null));
        };
        log("refused");
        log("fine");
        bind(router, "crm-acme", crm, 1);
        await("three logs tried", () -> crm.logCount() >= 3 && outbox.stats(ACME).inFlight() == 0
                && outbox.stats(ACME).dead() == 1);
        list = outbox.unlogged(ACME, 10);
        assertEquals(List.of("waiting", "refused"), list.stream().map(u -> u.item().orderingKey).toList());
        assertEquals(UnloggedState.RETRYING, UnloggedState.of(list.get(0).item()));
        assertEquals("503 Service Unavailable", list.get(0).item().lastError);
        assertEquals(UnloggedState.CANCELLED, UnloggedState.of(list.get(1).item()));
        assertEquals(1, outbox.unlogged(ACME, 1).size());
        assertEquals(2, outbox.unloggedCount(ACME));
        assertTrue(outbox.unlogged("globex", 10).isEmpty());
    }
}
