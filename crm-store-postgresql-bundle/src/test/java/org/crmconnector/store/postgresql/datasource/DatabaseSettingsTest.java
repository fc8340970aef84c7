package org.crmconnector.store.postgresql.datasource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class DatabaseSettingsTest {

    @Test
    void readsTheFrameworkPropertiesWithDefaultsForWhatIsUnset() {
        DatabaseSettings s = DatabaseSettings.read(Map.of("crm.store.postgresql.url", " jdbc:postgresql://db/crm ",
                "crm.store.postgresql.pool.size", "4", "crm.store.postgresql.password.env", "CRM_DB_PASSWORD")::get);
        assertEquals(new DatabaseSettings("jdbc:postgresql://db/crm", "crm", "", "CRM_DB_PASSWORD", 4, 10, 5), s);
    }

    @Test
    void withoutAUrlOrWithABadNumberItSaysWhichPropertyIsWrong() {
        var missing = assertThrows(IllegalArgumentException.class, () -> DatabaseSettings.read(Map.<String, String>of()::get));
        assertTrue(missing.getMessage().contains("crm.store.postgresql.url (CRM_DB_URL"), missing.getMessage());
        var bad = assertThrows(IllegalArgumentException.class, () -> DatabaseSettings.read(Map.of(
                "crm.store.postgresql.url", "jdbc:postgresql://db/crm", "crm.store.postgresql.pool.size", "ten")::get));
        assertTrue(bad.getMessage().contains("crm.store.postgresql.pool.size must be a positive whole number, not 'ten'"),
                bad.getMessage());
    }
}
