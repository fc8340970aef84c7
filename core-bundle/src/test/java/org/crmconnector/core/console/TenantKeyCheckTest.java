package org.crmconnector.core.console;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Hashtable;

import org.apache.felix.webconsole.spi.ValidationException;
import org.junit.jupiter.api.Test;

class TenantKeyCheckTest {

    private final TenantKeyCheck check = new TenantKeyCheck();

    private static Hashtable<String, Object> withKey(String key) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("tenant.id", "acme");
        props.put(".api.key", key);
        return props;
    }

    @Test
    void aWeakKeyTypedIntoANewOrExistingTenantIsNotSaved() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> check.updateConfiguration("org.crmconnector.tenant", "org.crmconnector.tenant~acme", withKey("demo-key")));
        assertTrue(e.getMessage().contains("128 bits"), e.getMessage());
        assertThrows(ValidationException.class, () -> check.updateConfiguration(null, "org.crmconnector.tenant~acme",
                withKey("password1")));
    }

    @Test
    void aStrongKeyNoKeyAndOtherConfigurationsPass() {
        assertDoesNotThrow(() -> check.updateConfiguration("org.crmconnector.tenant", "org.crmconnector.tenant~acme",
                withKey("Zr3kq9VYx0cN4wLb7TfH2pEa")));
        Hashtable<String, Object> noKey = withKey("");
        assertDoesNotThrow(() -> check.updateConfiguration("org.crmconnector.tenant", "org.crmconnector.tenant~acme", noKey));
        assertDoesNotThrow(() -> check.updateConfiguration("org.crmconnector.crm.salesforce",
                "org.crmconnector.crm.salesforce~x", withKey("weak")));
    }
}
