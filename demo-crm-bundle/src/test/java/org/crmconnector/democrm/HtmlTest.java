package org.crmconnector.democrm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class HtmlTest {

    @Test
    void escapesMarkupAndQuotes() {
        assertEquals("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;",
                Html.escape("<script>alert(\"x\")</script> & '"));
        assertEquals("", Html.escape(null));
        assertEquals("42", Html.escape(42));
    }

    @Test
    void activityFieldsAreEscapedOnThePages() {
        DemoCrmStore store = DemoCrmStore.withSampleContacts();
        store.addActivity(Map.of("contactId", "c1", "<b>key</b>", "<img src=x onerror=alert(1)>"));
        Contact ada = store.contact("c1").orElseThrow();
        String page = DemoCrmPages.contact("/demo-crm/", ada, store.activitiesOf("c1"));
        assertFalse(page.contains("<img src=x"), page);
        assertTrue(page.contains("&lt;img src=x onerror=alert(1)&gt;"));
        assertTrue(page.contains("&lt;b&gt;key&lt;/b&gt;"));
        String index = DemoCrmPages.index("/demo-crm/", store.contacts(), store.activities());
        assertFalse(index.contains("<img src=x"));
        assertFalse(DemoCrmPages.notFound("/demo-crm/", "<x>").contains("<x>"));
    }

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
}
