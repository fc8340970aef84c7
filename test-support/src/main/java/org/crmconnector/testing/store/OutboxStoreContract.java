package org.crmconnector.testing.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import org.crmconnector.crm.CrmRecordRef;
import org.crmconnector.store.OutboxItem;
import org.crmconnector.store.OutboxStore;
import org.junit.jupiter.api.Test;

/**
 * What every {@link OutboxStore} must do: claims in id order under leases,
 * one item of a key at a time, retries, dead letters, merges, record
 * references, durability across a reopen. One subclass per implementation.
 */
public abstract class OutboxStoreContract extends ReopenableStoreContract<OutboxStore> {

    protected static final Instant LEASE = T0.plusSeconds(120);

    protected long append(String tenant, String key, String payload) {
        return append(tenant, OutboxItem.Kind.LOG, key, payload);
    }

    protected long append(String tenant, OutboxItem.Kind kind, String key, String payload) {
        return store.append(new OutboxItem(tenant, kind, key, payload, T0));
    }

    protected static List<Long> ids(List<OutboxItem> items) {
        return items.stream().map(i -> i.id).toList();
    }

    @Test
    void claimsDueItemsInIdOrderWithPayloadAndLease() {
        long a = append("acme", "k1", "{\"n\":1}");
        long b = append("acme", "k2", "{\"n\":2}");
        assertTrue(b > a);
        List<OutboxItem> claimed = store.claim("acme", 10, "node-a", T0, LEASE);
        assertEquals(List.of(a, b), ids(claimed));
        OutboxItem first = claimed.get(0);
        assertEquals("{\"n\":1}", first.payload);
        assertEquals("acme", first.tenantId);
        assertEquals(OutboxItem.Kind.LOG, first.kind);
        assertEquals("k1", first.orderingKey);
        assertEquals("node-a", first.leaseOwner);
        assertEquals(LEASE, first.leaseExpiry);
        assertEquals(0, first.attempts);
    }

    @Test
    void claimsOnlyTheTenantsOwnItemsAndAtMostTheLimit() {
        append("acme", "k1", "a1");
        append("acme", "k2", "a2");
        append("acme", "k3", "a3");
        append("globex", "k1", "g1");
        assertEquals(2, store.claim("acme", 2, "n", T0, LEASE).size());
        List<OutboxItem> globex = store.claim("globex", 10, "n", T0, LEASE);
        assertEquals(List.of("g1"), globex.stream().map(i -> i.payload).toList());
        assertEquals(List.of(), store.claim("nobody", 10, "n", T0, LEASE));
    }

    @Test
    void anItemWaitsWhileAnEarlierItemOfItsKeyIsPending() {
        long first = append("acme", "call-1", "log");
        long second = append("acme", OutboxItem.Kind.DISPOSITION, "call-1", "disposition");
        long other = append("acme", "call-2", "other");
        assertEquals(List.of(first, other), ids(store.claim("acme", 10, "n", T0, LEASE)));
        // the first is leased, not done: the second still waits, even for another node after the lease lapses
        assertEquals(List.of(), store.claim("acme", 10, "m", T0.plusSeconds(1), LEASE));
        store.complete(store.claim("acme", 10, "m", LEASE.plusSeconds(1), LEASE.plusSeconds(200)).get(0), null, T0);
        assertEquals(List.of(second), ids(store.claim("acme", 10, "m", LEASE.plusSeconds(1), LEASE.plusSeconds(200))));
    }

    @Test
    void aLeasedItemIsClaimableAgainOnlyWhenItsLeaseLapses() {
        long id = append("acme", "k", "p");
        store.claim("acme", 10, "node-a", T0, LEASE);
        assertEquals(List.of(), store.claim("acme", 10, "node-b", LEASE.minusSeconds(1), LEASE.plusSeconds(60)));
        List<OutboxItem> taken = store.claim("acme", 10, "node-b", LEASE, LEASE.plusSeconds(60));
        assertEquals(List.of(id), ids(taken));
        assertEquals("node-b", taken.get(0).leaseOwner);
    }

    @Test
    void aRenewedLeaseHoldsPastItsFirstExpiry() {
        append("acme", "k", "p");
        List<OutboxItem> held = store.claim("acme", 10, "node-a", T0, LEASE);
        store.renewLeases("node-a", held, LEASE.plusSeconds(120));
        assertEquals(List.of(), store.claim("acme", 10, "node-b", LEASE.plusSeconds(1), LEASE.plusSeconds(300)));
    }

    @Test
    void anotherNodeCannotRenewOrReleaseALeaseItDoesNotHold() {
        append("acme", "k", "p");
        List<OutboxItem> held = store.claim("acme", 10, "node-a", T0, LEASE);
        store.release("node-b", held);
        store.renewLeases("node-b", held, LEASE.plusSeconds(600));
        assertEquals(List.of(), store.claim("acme", 10, "node-c", T0.plusSeconds(1), LEASE));
        assertEquals(1, store.claim("acme", 10, "node-c", LEASE, LEASE.plusSeconds(60)).size());
    }

    @Test
    void aReleasedItemIsClaimableAtOnceWithoutAnAttemptCounted() {
        long id = append("acme", "k", "p");
        store.release("node-a", store.claim("acme", 10, "node-a", T0, LEASE));
        List<OutboxItem> again = store.claim("acme", 10, "node-b", T0, LEASE);
        assertEquals(List.of(id), ids(again));
        assertEquals(0, again.get(0).attempts);
    }

    @Test
    void releaseAllHandsBackEveryLeaseOfTheNode() {
        append("acme", "k1", "p");
        append("globex", "k2", "p");
        append("acme", "k3", "p");
        store.claim("acme", 1, "node-a", T0, LEASE);
        store.claim("globex", 10, "node-a", T0, LEASE);
        store.claim("acme", 10, "node-b", T0, LEASE);
        assertEquals(2, store.releaseAll("node-a"));
        assertEquals(1, store.claim("acme", 10, "node-c", T0, LEASE).size());
        assertEquals(1, store.claim("globex", 10, "node-c", T0, LEASE).size());
    }

    @Test
    void aRescheduledItemCountsTheAttemptAndWaitsUntilItsTime() {
        long id = append("acme", "k", "p");
        OutboxItem item = store.claim("acme", 10, "n", T0, LEASE).get(0);
        store.reschedule(item, "CRM said 503", T0.plusSeconds(30));
        assertEquals(List.of(), store.claim("acme", 10, "n", T0.plusSeconds(29), LEASE));
        OutboxItem again = store.claim("acme", 10, "n", T0.plusSeconds(30), LEASE).get(0);
        assertEquals(id, again.id);
        assertEquals(1, again.attempts);
        assertEquals("CRM said 503", again.lastError);
    }

    @Test
    void aDeadLetterWaitsForAnOperatorAndNoLongerHoldsItsKey() {
        long dead = append("acme", "call-1", "log");
        long next = append("acme", OutboxItem.Kind.DISPOSITION, "call-1", "disposition");
        store.deadLetter(store.claim("acme", 10, "n", T0, LEASE).get(0), "400 bad field");
        List<OutboxItem> letters = store.deadLetters("acme");
        assertEquals(List.of(dead), ids(letters));
        assertEquals("400 bad field", letters.get(0).lastError);
        assertEquals("log", letters.get(0).payload);
        assertEquals(OutboxItem.Status.DEAD, letters.get(0).status);
        assertEquals(1, letters.get(0).attempts);
        assertEquals(List.of(next), ids(store.claim("acme", 10, "n", T0, LEASE)));
        assertEquals(List.of(), store.deadLetters("globex"));
    }

    @Test
    void deadLettersAreRetriedOrDiscardedOnlyByTheirTenant() {
        long a = append("acme", "k1", "p1");
        long b = append("acme", "k2", "p2");
        for (OutboxItem i : store.claim("acme", 10, "n", T0, LEASE)) {
            store.deadLetter(i, "failed");
        }
        assertFalse(store.retryDeadLetter("globex", a, T0));
        assertFalse(store.discardDeadLetter("globex", a));
        assertTrue(store.retryDeadLetter("acme", a, T0.plusSeconds(10)));
        assertFalse(store.retryDeadLetter("acme", a, T0.plusSeconds(10)));
        OutboxItem revived = store.claim("acme", 10, "n", T0.plusSeconds(10), LEASE).get(0);
        assertEquals(a, revived.id);
        assertEquals(0, revived.attempts);
        assertTrue(store.discardDeadLetter("acme", b));
        assertEquals(List.of(), store.deadLetters("acme"));
    }

    @Test
    void retryAllRevivesEveryDeadLetterOfTheTenant() {
        append("acme", "k1", "p1");
        append("acme", "k2", "p2");
        append("globex", "k3", "p3");
        store.claim("acme", 10, "n", T0, LEASE).forEach(i -> store.deadLetter(i, "x"));
        store.claim("globex", 10, "n", T0, LEASE).forEach(i -> store.deadLetter(i, "x"));
        assertEquals(2, store.retryAllDeadLetters("acme", T0));
        assertEquals(2, store.claim("acme", 10, "n", T0, LEASE).size());
        assertEquals(1, store.deadLetters("globex").size());
    }

    @Test
    void aNewerLogReplacesTheLastUnsentLogOfItsKey() {
        append("acme", "call-1", "older");
        long last = append("acme", "call-1", "old");
        OptionalLong merged = store.supersede("acme", OutboxItem.Kind.LOG, "call-1", "new");
        assertEquals(OptionalLong.of(last), merged);
        store.complete(store.claim("acme", 10, "n", T0, LEASE).get(0), null, T0);
        assertEquals("new", store.claim("acme", 10, "n", T0, LEASE).get(0).payload);
    }

    @Test
    void nothingIsSupersededThatMayHaveReachedTheCrmOrIsOfAnotherKind() {
        assertEquals(OptionalLong.empty(), store.supersede("acme", OutboxItem.Kind.LOG, "call-1", "x"));
        append("acme", "call-1", "claimed");
        List<OutboxItem> claimed = store.claim("acme", 10, "n", T0, LEASE);
        assertEquals(OptionalLong.empty(), store.supersede("acme", OutboxItem.Kind.LOG, "call-1", "x"));
        store.reschedule(claimed.get(0), "timeout", T0);
        assertEquals(OptionalLong.empty(), store.supersede("acme", OutboxItem.Kind.LOG, "call-1", "x"));
        append("acme", OutboxItem.Kind.DISPOSITION, "call-2", "d");
        assertEquals(OptionalLong.empty(), store.supersede("acme", OutboxItem.Kind.LOG, "call-2", "x"));
        assertEquals(OptionalLong.empty(), store.supersede("globex", OutboxItem.Kind.DISPOSITION, "call-2", "x"));
    }

    @Test
    void anItemHandedBackUnsentMayBeSuperseded() {
        long id = append("acme", "call-1", "old");
        store.release("n", store.claim("acme", 10, "n", T0, LEASE));
        assertEquals(OptionalLong.of(id), store.supersede("acme", OutboxItem.Kind.LOG, "call-1", "new"));
    }

    @Test
    void theBacklogCountsPendingAndDeadPerTenant() {
        store.append(new OutboxItem("acme", OutboxItem.Kind.LOG, "k1", "p", T0));
        store.append(new OutboxItem("acme", OutboxItem.Kind.LOG, "k2", "p", T0.plusSeconds(5)));
        store.append(new OutboxItem("globex", OutboxItem.Kind.LOG, "k3", "p", T0.plusSeconds(9)));
        store.deadLetter(store.claim("globex", 10, "n", T0.plusSeconds(10), LEASE).get(0), "x");
        store.claim("acme", 1, "n", T0, LEASE);
        OutboxStore.Backlog acme = store.backlog().get("acme");
        assertEquals(new OutboxStore.Backlog(2, 0, T0), acme);
        OutboxStore.Backlog globex = store.backlog().get("globex");
        assertEquals(0, globex.pending());
        assertEquals(1, globex.dead());
        assertNull(globex.oldestPendingCreatedAt());
        assertFalse(store.backlog().containsKey("nobody"));
    }

    @Test
    void aCompletionRemembersTheRecordForTheKeyUntilForgotten() {
        append("acme", "call-1", "p");
        store.complete(store.claim("acme", 10, "n", T0, LEASE).get(0), new CrmRecordRef("Task", "00T1", "https://crm/00T1"),
                T0);
        Optional<CrmRecordRef> ref = store.recordRef("acme", "call-1");
        assertTrue(ref.isPresent());
        assertEquals("00T1", ref.get().id);
        assertEquals("Task", ref.get().type);
        assertEquals("https://crm/00T1", ref.get().url);
        assertEquals(Optional.empty(), store.recordRef("globex", "call-1"));
        assertEquals(0, store.forgetRecordRefs(T0));
        assertEquals(1, store.forgetRecordRefs(T0.plus(Duration.ofDays(31))));
        assertEquals(Optional.empty(), store.recordRef("acme", "call-1"));
        assertEquals(Optional.empty(), store.backlog().keySet().stream().findAny());
    }

    @Test
    void aSavedReferenceIsReadBackWithItsTimeUntilForgottenAndSurvivesAReopen() throws Exception {
        store.saveRecordRef("acme", "call-1/rec-1", new CrmRecordRef("Task", "00T1", null), T0);
        reopen();
        OutboxStore.SavedRecordRef saved = store.savedRecordRef("acme", "call-1/rec-1").orElseThrow();
        assertEquals("00T1", saved.record().id);
        assertEquals(T0, saved.savedAt());
        assertEquals(Optional.empty(), store.savedRecordRef("globex", "call-1/rec-1"));
        store.saveRecordRef("acme", "call-1/rec-1", new CrmRecordRef("Task", "00T2", null), T0.plusSeconds(60));
        assertEquals(T0.plusSeconds(60), store.savedRecordRef("acme", "call-1/rec-1").orElseThrow().savedAt());
        assertEquals(1, store.forgetRecordRefs(T0.plusSeconds(61)));
        assertEquals(Optional.empty(), store.savedRecordRef("acme", "call-1/rec-1"));
    }

    @Test
    void aCompletionsReferenceIsReadWithTheTimeOfTheCompletion() {
        append("acme", "call-1", "p");
        store.complete(store.claim("acme", 10, "n", T0, LEASE).get(0), new CrmRecordRef("Task", "00T1", null),
                T0.plusSeconds(5));
        assertEquals(T0.plusSeconds(5), store.savedRecordRef("acme", "call-1").orElseThrow().savedAt());
    }

    @Test
    void itemsListsPendingAndDeadInIdOrderByKeyAndUpToTheLimit() {
        long first = append("acme", "k1", "one");
        long second = append("acme", OutboxItem.Kind.ADDITION, "k2", "two");
        long third = append("acme", "k1", "three");
        append("globex", "k1", "other tenant");
        store.deadLetter(store.claim("acme", 10, "n", T0, LEASE).get(0), "refused");
        List<OutboxItem> all = store.items("acme", null, 10);
        assertEquals(List.of(first, second, third), ids(all));
        assertEquals(OutboxItem.Status.DEAD, all.get(0).status);
        assertEquals("refused", all.get(0).lastError);
        assertEquals(OutboxItem.Kind.ADDITION, all.get(1).kind);
        assertEquals("two", all.get(1).payload);
        assertEquals(List.of(first, third), ids(store.items("acme", "k1", 10)));
        assertEquals(List.of(first), ids(store.items("acme", null, 1)));
        assertEquals(List.of(), store.items("nobody", null, 10));
    }

    @Test
    void appendedAndDeadItemsSurviveAReopen() throws Exception {
        long pending = append("acme", "k1", "pending");
        append("acme", "k2", "dead");
        OutboxItem toKill = store.claim("acme", 10, "n", T0, LEASE).get(1);
        store.deadLetter(toKill, "gone");
        store.releaseAll("n");
        reopen();
        List<OutboxItem> claimed = store.claim("acme", 10, "n", T0, LEASE);
        assertEquals(List.of(pending), ids(claimed));
        assertEquals("pending", claimed.get(0).payload);
        assertEquals(1, store.deadLetters("acme").size());
        long next = append("acme", "k3", "after");
        assertTrue(next > toKill.id, "ids keep growing after a reopen");
    }
}
