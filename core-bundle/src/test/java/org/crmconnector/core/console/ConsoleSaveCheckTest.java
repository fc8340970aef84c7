package org.crmconnector.core.console;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.apache.felix.webconsole.spi.ValidationException;
import org.crmconnector.core.checks.ConfigurationChecks;
import org.crmconnector.crm.CrmConfigurationCheck;
import org.junit.jupiter.api.Test;

class ConsoleSaveCheckTest {

    private static final String FAKE = "org.crmconnector.crm.fake";

    private final List<Map<String, Object>> checked = new ArrayList<>();
    private final ConfigurationChecks checks = new ConfigurationChecks(false);
    private final ConsoleSaveCheck check = new ConsoleSaveCheck(checks);

    private final CrmConfigurationCheck fake = properties -> {
        checked.add(properties);
        if (!String.valueOf(properties.get("login.url")).startsWith("https://")) {
            throw new IllegalArgumentException("login.url must be an https URL");
        }
    };

    ConsoleSaveCheckTest() {
        checks.addCheck(fake, Map.of(CrmConfigurationCheck.FACTORY_PID, FAKE));
    }

    private static Hashtable<String, Object> tenant(Object... more) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("tenant.id", "acme");
        props.put("adapter.instance", "acme-crm");
        for (int i = 0; i < more.length; i += 2) {
            props.put((String) more[i], more[i + 1]);
        }
        return props;
    }

    @Test
    void aWeakKeyTypedIntoANewOrExistingTenantIsNotSaved() {
        ValidationException e = assertThrows(ValidationException.class, () -> check.updateConfiguration(
                "org.crmconnector.tenant", "org.crmconnector.tenant~acme", tenant(".api.key", "demo-key")));
        assertTrue(e.getMessage().contains("128 bits"), e.getMessage());
        assertThrows(ValidationException.class, () -> check.updateConfiguration(null, "org.crmconnector.tenant~acme",
                tenant(".api.key", "password1")));
    }

    @Test
    void aStrongKeyNoKeyAndConfigurationsNobodyChecksPass() {
        assertDoesNotThrow(() -> check.updateConfiguration("org.crmconnector.tenant", "org.crmconnector.tenant~acme",
                tenant(".api.key", "Zr3kq9VYx0cN4wLb7TfH2pEa")));
        assertDoesNotThrow(() -> check.updateConfiguration("org.crmconnector.tenant", "org.crmconnector.tenant~acme",
                tenant(".api.key", "")));
        assertDoesNotThrow(() -> check.updateConfiguration("org.crmconnector.crm.other", "org.crmconnector.crm.other~x",
                tenant(".api.key", "weak")));
        assertDoesNotThrow(() -> check.updateConfiguration(null, "org.apache.felix.http", new Hashtable<>()));
    }

    @Test
    void aTenantThatWouldNotStartIsNotSavedAndSaysWhy() {
        ValidationException e = assertThrows(ValidationException.class, () -> check.updateConfiguration(
                "org.crmconnector.tenant", "org.crmconnector.tenant.3f2a", tenant("wrapup.timeout.seconds", 5)));
        assertEquals("Not saved: tenant acme: wrapup.timeout.seconds must be at least 10", e.getMessage());
        assertThrows(ValidationException.class, () -> check.updateConfiguration(null, "org.crmconnector.tenant.3f2a",
                tenant("tenant.id", "no spaces")));
    }

    @Test
    void aDemoTenantIsRefusedOnlyOnAServerNotStartedWithDemo() throws Exception {
        assertThrows(ValidationException.class, () -> check.updateConfiguration("org.crmconnector.tenant",
                "org.crmconnector.tenant~demo", tenant("demo.only", true)));
        new ConsoleSaveCheck(new ConfigurationChecks(true)).updateConfiguration("org.crmconnector.tenant",
                "org.crmconnector.tenant~demo", tenant("demo.only", true));
    }

    @Test
    void anAdapterInstanceIsCheckedByItsAdaptersOwnCheckWhateverItsPidLooksLike() throws Exception {
        Hashtable<String, Object> bad = new Hashtable<>(Map.of("crm.instance", "x", "login.url", "http://plain"));
        for (String[] ids : new String[][] {{FAKE, FAKE + "~x"}, {null, FAKE + "~x"}, {null, FAKE + ".5e1d-77"}}) {
            ValidationException e = assertThrows(ValidationException.class,
                    () -> check.updateConfiguration(ids[0], ids[1], bad));
            assertEquals("Not saved: login.url must be an https URL", e.getMessage());
        }
        check.updateConfiguration(FAKE, FAKE + "~x", new Hashtable<>(Map.of("login.url", "https://login.example")));
        assertEquals(4, checked.size());
    }

    @Test
    void aValueNamingAPlaceholderIsLeftToTheComponentToCheck() throws Exception {
        check.updateConfiguration(FAKE, FAKE + "~x", new Hashtable<>(Map.of("login.url", "$[env:SF_LOGIN_URL]")));
        check.updateConfiguration("org.crmconnector.tenant", "org.crmconnector.tenant~acme",
                tenant("wrapup.timeout.seconds", 5, "dispositions", new String[] {"$[env:CODES]"}));
        assertEquals(0, checked.size());
    }

    @Test
    void anAdapterWhoseCheckIsGoneIsNotChecked() throws Exception {
        checks.removeCheck(fake, Map.of(CrmConfigurationCheck.FACTORY_PID, FAKE));
        check.updateConfiguration(FAKE, FAKE + "~x", new Hashtable<>(Map.of("login.url", "http://plain")));
        assertEquals(0, checked.size());
    }

    @Test
    void aPlaceholderIsFoundInTextAndInLists() {
        assertTrue(ConfigurationChecks.namesPlaceholder(Map.of("base.url", "$[env:BASE]")));
        assertTrue(ConfigurationChecks.namesPlaceholder(Map.of("codes", new String[] {"a", "$[secret:C]"})));
        assertFalse(ConfigurationChecks.namesPlaceholder(Map.of("base.url", "https://x", "n", 5,
                "codes", new String[] {"a", null})));
    }
}
