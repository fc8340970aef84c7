package org.crmconnector.core.outbox;

import static org.crmconnector.core.outbox.TestSupport.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.crmconnector.crm.InteractionLog;
import org.crmconnector.store.OutboxItem;
import org.junit.jupiter.api.Test;

class OutboxJsonTest {

    @Test
    void instantsAreStoredAsIsoStringsAndReadBack() {
        OutboxItem item = new OutboxItem("acme", OutboxItem.Kind.LOG, "i1", "{}", Instant.parse("2026-01-01T09:00:00.123Z"));
        String json = OutboxJson.write(item);
        assertTrue(json.contains("\"createdAt\":\"2026-01-01T09:00:00.123Z\""), json);
        assertEquals(item.createdAt, OutboxJson.read(json, OutboxItem.class).createdAt);

        String log = OutboxJson.write(new InteractionLog(TestSupport.interaction("acme", "i1"), null));
        assertTrue(log.contains("\"startTime\":\"2026-01-01T08:55:00Z\""), log);
    }

    @Test
    void itemsStoredByEarlierVersionsStillRead() {
        String stored = "{\"id\":7,\"tenantId\":\"acme\",\"kind\":\"LOG\",\"orderingKey\":\"i1\",\"payload\":\"{}\","
                + "\"status\":\"PENDING\",\"attempts\":2,\"nextAttemptAt\":\"2026-01-01T09:00:00Z\","
                + "\"createdAt\":\"2026-01-01T08:59:59.5Z\",\"lastError\":null,\"leaseOwner\":null,"
                + "\"leaseExpiry\":\" \",\"addedLater\":true}";
        OutboxItem item = OutboxJson.read(stored, OutboxItem.class);
        assertEquals(T0, item.nextAttemptAt);
        assertEquals(Instant.parse("2026-01-01T08:59:59.5Z"), item.createdAt);
        assertNull(item.leaseExpiry, "a blank instant reads as none");
        assertEquals(2, item.attempts);
    }

    @Test
    void anUnreadableInstantIsAnError() {
        assertThrows(IllegalArgumentException.class,
                () -> OutboxJson.read("{\"createdAt\":\"yesterday\"}", OutboxItem.class));
    }
}
