package org.crmconnector.democrm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class DemoCrmStoreTest {

    @Test
    void activitiesAreBounded() {
        DemoCrmStore store = new DemoCrmStore(List.of(), 3);
        for (int i = 0; i < 5; i++) {
            store.addActivity(Map.of("n", i));
        }
        List<Map<String, Object>> kept = store.activities();
        assertEquals(3, kept.size());
        assertEquals("a3", kept.get(0).get("id"), "the oldest go first");
        assertTrue(store.patchActivity("a1", Map.of("x", 1)).isEmpty());
        assertEquals(1, store.patchActivity("a5", Map.of("x", 1, "id", "zz")).orElseThrow().get("x"));
        assertEquals("a5", store.patchActivity("a5", Map.of()).orElseThrow().get("id"));
    }

    @Test
    void anActivityMayCarryJsonNulls() {
        DemoCrmStore store = new DemoCrmStore(List.of(), 3);
        Map<String, Object> fields = new java.util.HashMap<>();
        fields.put("acwDurationSeconds", null);
        fields.put("notes", "n");
        Map<String, Object> stored = store.addActivity(fields);
        assertEquals("a1", stored.get("id"));
        assertTrue(stored.containsKey("acwDurationSeconds"));
    }
}
