package org.crmconnector.crm.genericrest.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The check the operator API runs before saving: the connector's own reader, on properties as Configuration Admin holds them. */
class GenericRestConfigurationCheckTest {

    private final GenericRestConfigurationCheck check = new GenericRestConfigurationCheck();

    private static Map<String, Object> valid() {
        Map<String, Object> p = new HashMap<>();
        p.put("crm.instance", "acme");
        p.put("base.url", "https://crm.example.com/api");
        p.put("lookup.url", "/contacts?phone={ani}");
        p.put("http.max.attempts", 3);
        p.put("http.headers", new String[] {"Accept: application/json"});
        p.put(".auth.token", "s3cret");
        return p;
    }

    @Test
    void aWorkingConfigurationPasses() {
        assertDoesNotThrow(() -> check.check(valid()));
    }

    @Test
    void aBadAttributeIsRefusedByName() {
        Map<String, Object> p = valid();
        p.put("base.url", "ftp://crm.example.com");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> check.check(p));
        assertTrue(e.getMessage().contains("base.url"), e.getMessage());
    }

    @Test
    void aTypedArrayAttributeIsReadAsTheConnectorReadsIt() {
        Map<String, Object> p = valid();
        p.put("http.headers", new String[] {"no colon here"});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> check.check(p));
        assertTrue(e.getMessage().contains("http.headers"), e.getMessage());
    }
}
