package org.crmconnector.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.crmconnector.core.outbox.Outbox;
import org.crmconnector.interaction.Interaction;
import org.crmconnector.store.OutboxItem;
import org.junit.jupiter.api.Test;

class DeliveryResourceTest {

    private static OutboxItem item(long id, String key, OutboxItem.Status status, int attempts, String error) {
        OutboxItem item = new OutboxItem("acme", OutboxItem.Kind.LOG, key, null, Instant.parse("2026-06-01T09:00:00Z"));
        item.id = id;
        item.status = status;
        item.attempts = attempts;
        item.lastError = error;
        return item;
    }

    @Test
    @SuppressWarnings("unchecked")
    void unloggedNamesTheStateTheErrorAndTheRetryOfDeadLetters() {
        Interaction abandoned = new Interaction();
        abandoned.interactionId = "c1";
        abandoned.agentId = "agent-7";
        abandoned.finishReason = "abandoned";
        Map<String, Object> answer = DeliveryResource.unlogged(List.of(
                new Outbox.Unlogged(item(3, "c1", OutboxItem.Status.PENDING, 2, "503 Service Unavailable"), abandoned),
                new Outbox.Unlogged(item(5, "c2#1", OutboxItem.Status.DEAD, 1, "CRM refused it: INVALID_FIELD"), null),
                new Outbox.Unlogged(item(6, "c3", OutboxItem.Status.DEAD, 12, "Gave up after 12 attempts: timeout"), null)));
        assertEquals(3, answer.get("count"));
        List<Map<String, Object>> entries = (List<Map<String, Object>>) answer.get("unlogged");
        assertEquals("retrying", entries.get(0).get("state"));
        assertEquals("agent-7", entries.get(0).get("agentId"));
        assertEquals("abandoned", entries.get(0).get("finishReason"));
        assertEquals("503 Service Unavailable", entries.get(0).get("error"));
        assertNull(entries.get(0).get("retry"), "a pending log is retried by the outbox itself");
        assertEquals("cancelled", entries.get(1).get("state"));
        assertEquals("c2#1", entries.get(1).get("interactionKey"));
        assertEquals(5L, entries.get(1).get("deadLetterId"));
        assertEquals("POST dead-letters/5/retry", entries.get(1).get("retry"));
        assertEquals("dead", entries.get(2).get("state"));
    }
}
