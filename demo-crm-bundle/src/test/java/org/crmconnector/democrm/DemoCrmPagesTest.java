package org.crmconnector.democrm;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class DemoCrmPagesTest {

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
    void quotesCannotLeaveAnAttribute() {
        String page = DemoCrmPages.notFound("/demo-crm/' onmouseover='alert(1)\"", "x");
        assertFalse(page.contains("' onmouseover"), page);
        assertFalse(page.contains("alert(1)\""), page);
        assertTrue(page.contains("onmouseover"), "the text itself is kept, only escaped");
    }
}
