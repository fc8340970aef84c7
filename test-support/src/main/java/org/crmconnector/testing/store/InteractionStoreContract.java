package org.crmconnector.testing.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.crmconnector.interaction.InteractionState;
import org.crmconnector.store.InteractionStore;
import org.crmconnector.store.InteractionStore.Entry;
import org.junit.jupiter.api.Test;

/**
 * What every {@link InteractionStore} must do, whatever keeps the data: one
 * subclass per implementation (the embedded store in core, PostgreSQL in its
 * bundle) supplies an empty store and a way to open it again.
 */
public abstract class InteractionStoreContract extends ReopenableStoreContract<InteractionStore> {

    protected static Entry live(String tenant, String id, InteractionState state, Instant touched, String data) {
        return new Entry(tenant, id, state, touched, data.getBytes(StandardCharsets.UTF_8));
    }

    protected Map<String, Entry> all() {
        Map<String, Entry> out = new TreeMap<>();
        store.forEach(e -> out.put(e.tenantId() + "/" + e.interactionId(), e));
        return out;
    }

    protected static void assertSame(Entry expected, Entry actual) {
        assertNotNull(actual, "no entry for " + expected.interactionId());
        assertEquals(expected.tenantId(), actual.tenantId());
        assertEquals(expected.interactionId(), actual.interactionId());
        assertEquals(expected.state(), actual.state());
        assertEquals(expected.touched(), actual.touched());
        assertArrayEquals(expected.data(), actual.data());
        assertEquals(expected.popOwedSince(), actual.popOwedSince());
    }

    protected static Entry owing(String tenant, String id, InteractionState state, Instant touched, Instant owedSince) {
        Entry e = live(tenant, id, state, touched, id);
        return new Entry(tenant, id, state, touched, e.data(), owedSince);
    }

    @Test
    void theOwedPopTimeIsKeptWithTheEntryAndSurvivesAReopen() throws Exception {
        Entry durable = owing("acme", "call-1", InteractionState.OFFERED, T0, T0.plusMillis(1500));
        Entry soon = owing("acme", "call-2", InteractionState.ACCEPTED, T0, T0.plusSeconds(2));
        store.save(durable);
        store.saveSoon(soon);
        assertSame(durable, all().get("acme/call-1"));
        reopen();
        assertSame(durable, all().get("acme/call-1"));
        assertSame(soon, all().get("acme/call-2"));
    }

    @Test
    void aSaveWithoutAnOwedPopClearsIt() throws Exception {
        store.save(owing("acme", "call-1", InteractionState.OFFERED, T0, T0));
        Entry shown = live("acme", "call-1", InteractionState.OFFERED, T0, "shown");
        store.save(shown);
        reopen();
        assertNull(all().get("acme/call-1").popOwedSince());
        assertSame(shown, all().get("acme/call-1"));
    }

    @Test
    void aSavedEntryReadsBackWithEveryField() {
        Entry e = live("acme", "call-1", InteractionState.OFFERED, T0, "{\"a\":1}");
        store.save(e);
        Map<String, Entry> all = all();
        assertEquals(1, all.size());
        assertSame(e, all.get("acme/call-1"));
    }

    @Test
    void aSaveReplacesTheEntryOfTheSameTenantAndId() {
        store.save(live("acme", "call-1", InteractionState.OFFERED, T0, "one"));
        Entry later = live("acme", "call-1", InteractionState.ACCEPTED, T0.plusSeconds(5), "two");
        store.save(later);
        Map<String, Entry> all = all();
        assertEquals(1, all.size());
        assertSame(later, all.get("acme/call-1"));
    }

    @Test
    void aTombstoneKeepsItsStateWithoutData() {
        store.save(live("acme", "call-1", InteractionState.ENDED, T0, "data"));
        store.save(new Entry("acme", "call-1", InteractionState.FINISHED, T0.plusSeconds(1), null));
        Entry read = all().get("acme/call-1");
        assertEquals(InteractionState.FINISHED, read.state());
        assertNull(read.data());
    }

    @Test
    void theSameIdInTwoTenantsIsTwoEntries() {
        store.save(live("acme", "call-1", InteractionState.OFFERED, T0, "acme's"));
        store.save(live("globex", "call-1", InteractionState.OFFERED, T0, "globex's"));
        store.remove("acme", "call-1");
        Map<String, Entry> all = all();
        assertEquals(List.of("globex/call-1"), new ArrayList<>(all.keySet()));
        assertArrayEquals("globex's".getBytes(StandardCharsets.UTF_8), all.get("globex/call-1").data());
    }

    @Test
    void removeForgetsAndRemovingWhatIsNotThereIsHarmless() {
        store.save(live("acme", "call-1", InteractionState.OFFERED, T0, "x"));
        store.remove("acme", "call-1");
        store.remove("acme", "never-there");
        assertEquals(Map.of(), all());
    }

    @Test
    void savedEntriesSurviveAReopen() throws Exception {
        Entry durable = live("acme", "call-1", InteractionState.ACCEPTED, T0, "durable");
        Entry soon = live("acme", "call-2", InteractionState.OFFERED, T0.plusSeconds(1), "soon");
        store.save(durable);
        store.saveSoon(soon);
        reopen();
        Map<String, Entry> all = all();
        assertSame(durable, all.get("acme/call-1"));
        assertSame(soon, all.get("acme/call-2"));
    }

    @Test
    void manyEntriesAllComeBack() throws Exception {
        for (int i = 0; i < 300; i++) {
            store.save(live("t" + (i % 3), "call-" + i, InteractionState.OFFERED, T0.plusSeconds(i), "d" + i));
        }
        reopen();
        assertEquals(300, all().size());
    }

    @Test
    void reportsMetrics() {
        store.save(live("acme", "call-1", InteractionState.OFFERED, T0, "x"));
        assertNotNull(store.metrics());
    }
}
